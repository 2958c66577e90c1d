#pragma once

#include "CaseFolder.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <functional>
#include <string>

namespace anomadiff::test {

/// A copy of the shipped default bundle (resources/models/default) that a test may damage: its
/// model.json edited as JSON, a weights file replaced — with model.json's sha256 brought up to
/// date, so the damage reaches the reader behind the hash check.
class BundleCopy {
 public:
  static std::filesystem::path shipped() {
    return std::filesystem::path(ANOMADIFF_SOURCE_DIR) / "resources/models/default";
  }

  explicit BundleCopy(std::filesystem::path folder) : m_folder(std::move(folder)) {
    std::filesystem::copy(shipped(), m_folder, std::filesystem::copy_options::recursive);
  }

  const std::filesystem::path& folder() const { return m_folder; }
  std::filesystem::path file(const std::string& name) const { return m_folder / name; }

  void editDescription(const std::function<void(QJsonObject&)>& edit) const {
    QJsonObject description =
        QJsonDocument::fromJson(QByteArray::fromStdString(CaseFolder::read(file("model.json"))))
            .object();
    edit(description);
    writeFile("model.json", QJsonDocument(description).toJson().toStdString());
  }

  /// Replaces `<slot>.safetensors` and records its new sha256 in model.json.
  void replaceWeights(const std::string& slot, const std::string& bytes) const {
    writeFile(slot + ".safetensors", bytes);
    const QString hash =
        QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
            .toHex();
    editDescription([&](QJsonObject& description) {
      QJsonObject entry = description.value(QString::fromStdString(slot)).toObject();
      entry["sha256"] = hash;
      description[QString::fromStdString(slot)] = entry;
    });
  }

  void writeFile(const std::string& name, const std::string& bytes) const {
    std::ofstream(file(name), std::ios::binary | std::ios::trunc) << bytes;
  }

 private:
  std::filesystem::path m_folder;
};

}  // namespace anomadiff::test
