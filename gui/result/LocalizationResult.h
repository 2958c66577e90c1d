#pragma once

#include "image/Image.h"
#include "report/BoxesJsonFile.h"

#include <QMetaType>
#include <QString>

#include <memory>

namespace anomadiff::gui {

/// What one localization wrote (docs/ARCHITECTURE.md §4.2), read back from its output folder: the
/// maps on the input's grid and the findings. The GUI shows and edits these; the folder stays as
/// the worker wrote it.
struct LocalizationResult {
  QString folder;
  std::shared_ptr<const Image> pseudoHealthy;
  std::shared_ptr<const Image> anomalyMap;
  std::shared_ptr<const Image> varianceMap;
  std::shared_ptr<const Image> mask;
  std::shared_ptr<const Image> brain;  ///< the intake's brain mask; null for older results
  FindingsDocument findings;

  /// Throws IoError naming the missing or unreadable file.
  static LocalizationResult load(const QString& folder);
};

}  // namespace anomadiff::gui
Q_DECLARE_METATYPE(anomadiff::gui::LocalizationResult)
