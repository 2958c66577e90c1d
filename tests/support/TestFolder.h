#pragma once

#include <QTemporaryDir>

#include <filesystem>

namespace anomadiff::test {

/// A fresh temporary folder per test, removed afterwards.
class TestFolder {
 public:
  std::filesystem::path path() const { return m_dir.path().toStdString(); }
  std::filesystem::path operator/(const std::string& name) const { return path() / name; }

 private:
  QTemporaryDir m_dir;
};

}  // namespace anomadiff::test
