#pragma once

#include "image/SliceAxes.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace anomadiff::gui {

/// One parameter sweep: the same input and method run once per (level, scale) cell, the cells'
/// other parameters taken from `baseParameters`. Rows follow `levels`, columns `scales`.
struct SweepRequest {
  QString input;
  QString method;
  /// Model bundle folder; empty: the worker's embedded bundle.
  QString modelFolder;
  QJsonObject baseParameters;
  std::vector<int> levels;
  std::vector<double> scales;
  /// The parameter each row sets.
  QString levelParameter = QStringLiteral("noise-level");
  /// The parameter each column sets. Empty for methods without one: `scales` then holds a single
  /// placeholder value and the requests carry no scale at all (the worker refuses unknown names).
  QString scaleParameter = QStringLiteral("guidance-scale");
  QString threshold = QStringLiteral("auto");
  /// The thumbnails' slice; -1 is the middle slice along the orientation's normal.
  SliceOrientation orientation = SliceOrientation::Axial;
  int sliceIndex = -1;
  int thumbnailSide = 128;

  int rows() const { return static_cast<int>(levels.size()); }
  int columns() const { return static_cast<int>(scales.size()); }
  int cellCount() const { return rows() * columns(); }
};

}  // namespace anomadiff::gui
