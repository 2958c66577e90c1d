#pragma once

#include <QString>

namespace anomadiff::gui {

/// What a reader should know of a model bundle before trusting it, in a few lines for
/// File › Load Model…: name, modality and input, each trained network (steps, final loss), the
/// default method, which methods are calibrated, the template and atlases, and the first lines
/// of its MODEL_CARD.md (the use notice).
class ModelCardSummary {
 public:
  /// Plain text. Throws IoError naming the folder when it has no readable model.json.
  static QString of(const QString& folder);
};

}  // namespace anomadiff::gui
