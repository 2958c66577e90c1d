#include "views/WindowLevelPreset.h"

#include "views/IntensityPercentiles.h"

#include <utility>

namespace anomadiff::gui {

WindowLevelPreset::WindowLevelPreset(QString name, bool fullRange, double lowFraction,
                                     double highFraction)
    : m_name(std::move(name)),
      m_fullRange(fullRange),
      m_lowFraction(lowFraction),
      m_highFraction(highFraction) {}

WindowLevelPreset WindowLevelPreset::percentiles(QString name, double lowFraction,
                                                 double highFraction) {
  return {std::move(name), false, lowFraction, highFraction};
}

WindowLevelPreset WindowLevelPreset::fullRange(QString name) {
  return {std::move(name), true, 0.0, 1.0};
}

std::vector<WindowLevelPreset> WindowLevelPreset::standardPresets() {
  return {
      percentiles(QStringLiteral("Auto (1–99 %)"), 0.01, 0.99),
      fullRange(QStringLiteral("Full range")),
      // Skull-stripped T1 volumes are mostly zero background: a higher low percentile and a
      // top close to the maximum keep white matter from saturating.
      percentiles(QStringLiteral("Brain T1 (5–99.5 %)"), 0.05, 0.995),
      // FLAIR lesions are the brightest tissue; a narrow window on the upper half makes them
      // stand out from grey matter.
      percentiles(QStringLiteral("Bright lesions (50–99.9 %)"), 0.50, 0.999),
  };
}

WindowLevelPreset::WindowLevel WindowLevelPreset::compute(const Image& image) const {
  IntensityRange range = m_fullRange ? intensityExtent(image)
                                     : intensityPercentiles(image, m_lowFraction, m_highFraction);
  if (range.width() <= 0.0) {
    range = intensityExtent(image);
  }
  if (range.width() <= 0.0) {
    return {1.0, range.low};
  }
  return {range.width(), 0.5 * (range.low + range.high)};
}

}  // namespace anomadiff::gui
