#pragma once

#include "localize/Localizer.h"
#include "localize/LocalizerFactory.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

class QPluginLoader;

namespace anomadiff {

/// Discovers method plugins in a folder at run time. A plugin that fails to load is recorded
/// in problems() and skipped, so one broken file does not take every method down.
class LocalizerRegistry {
 public:
  explicit LocalizerRegistry(const std::filesystem::path& pluginFolder);
  ~LocalizerRegistry();

  std::vector<std::string> names() const;
  /// Throws InvalidArgument naming the unknown method and listing the available ones.
  std::unique_ptr<Localizer> create(const std::string& name) const;
  const std::vector<std::string>& problems() const { return m_problems; }

 private:
  std::vector<std::unique_ptr<QPluginLoader>> m_loaders;
  std::map<std::string, const LocalizerFactory*> m_factories;
  std::vector<std::string> m_problems;
};

}  // namespace anomadiff
