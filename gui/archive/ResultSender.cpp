#include "archive/ResultSender.h"

#include "common/Error.h"
#include "pacs/PacsConnection.h"
#include "protocol/ResultFiles.h"

namespace anomadiff::gui {

SendReport ResultSender::send(const PacsSettings& settings, const QString& folder,
                              const Progress& progress) {
  const auto files = protocol::ResultFiles::dicomOutputsIn(folder.toStdString());
  if (files.empty()) {
    throw InvalidArgument("'" + folder.toStdString() +
                          "' holds no DICOM result: export a result of a DICOM series first");
  }
  const auto connection = PacsConnection::open(settings);
  SendReport report;
  for (const auto& file : files) {
    const QString name = QString::fromStdString(file.filename().string());
    if (progress)
      progress(int(report.stored.size() + report.failed.size()), int(files.size()), name);
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
