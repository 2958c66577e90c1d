#pragma once

#include "pacs/PacsSettings.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace anomadiff::gui {

/// What File › Send Results to PACS did, object by object.
struct SendReport {
  QStringList stored;  ///< file names
  QStringList failed;  ///< "file name: reason"
};

/// Sends an export's DICOM objects (SEG, Parametric Maps, SR) to the PACS one by one, so the
/// reader sees which were stored and which not (and why).
class ResultSender {
 public:
  /// Told before each object: how many are done, of how many, and the next one's file name.
  using Progress = std::function<void(int done, int total, const QString& next)>;

  /// Throws InvalidArgument when `folder` holds no DICOM result object (export a result of a
  /// DICOM series first). Blocks: call from a worker thread.
  static SendReport send(const PacsSettings& settings, const QString& folder,
                         const Progress& progress = {});
};

}  // namespace anomadiff::gui
