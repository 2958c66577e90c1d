#include "archive/ResultSender.h"

#include "common/Error.h"
#include "pacs/PacsConnection.h"
#include "protocol/ResultFiles.h"

#include <QDir>

namespace anomadiff::gui {

SendReport ResultSender::send(const PacsSettings& settings, const QString& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& name : protocol::ResultFiles::dicomOutputs()) {
    const QString path = QDir(folder).filePath(QString::fromStdString(name));
    if (QFile::exists(path)) files.push_back(path.toStdString());
  }
  if (files.empty()) {
    throw InvalidArgument("'" + folder.toStdString() +
                          "' holds no DICOM result: export a result of a DICOM series first");
  }
  const auto connection = PacsConnection::open(settings);
  SendReport report;
  for (const auto& file : files) {
    const QString name = QString::fromStdString(file.filename().string());
    try {
      connection->store({file});
      report.stored << name;
    } catch (const std::exception& error) {
      report.failed << name + ": " + QString::fromUtf8(error.what());
    }
  }
  return report;
}

}  // namespace anomadiff::gui
