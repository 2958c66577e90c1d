#include "localize/OtsuThreshold.h"

#include "common/Error.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace anomadiff {

double OtsuThreshold::of(std::span<const float> scores) {
  if (scores.empty()) throw InvalidArgument("Otsu threshold of no scores");
  if (std::any_of(scores.begin(), scores.end(), [](float s) { return !std::isfinite(s); })) {
    throw InvalidArgument("Otsu threshold of NaN or infinite scores");
  }
  const auto [low, high] = std::minmax_element(scores.begin(), scores.end());
  const double minimum = *low, range = *high - *low;
  if (range <= 0.0) return minimum;
  constexpr int kBins = 256;
  std::array<double, kBins> histogram{};
  for (const float score : scores) {
    const int bin = std::min(kBins - 1, static_cast<int>((score - minimum) / range * kBins));
    histogram[static_cast<std::size_t>(bin)] += 1.0;
  }
  const double total = static_cast<double>(scores.size());
  double weightedSum = 0.0;
  for (int bin = 0; bin < kBins; ++bin)
    weightedSum += bin * histogram[static_cast<std::size_t>(bin)];
  double belowCount = 0.0, belowSum = 0.0, bestSpread = -1.0;
  int bestBin = 0;
  for (int bin = 0; bin < kBins - 1; ++bin) {
    belowCount += histogram[static_cast<std::size_t>(bin)];
    belowSum += bin * histogram[static_cast<std::size_t>(bin)];
    const double aboveCount = total - belowCount;
    if (belowCount == 0.0 || aboveCount == 0.0) continue;
    const double meanBelow = belowSum / belowCount;
    const double meanAbove = (weightedSum - belowSum) / aboveCount;
    const double spread =
        belowCount * aboveCount * (meanBelow - meanAbove) * (meanBelow - meanAbove);
    if (spread > bestSpread) {
      bestSpread = spread;
      bestBin = bin;
    }
  }
  // Scores above the upper edge of the best bin are the anomalous class.
  return minimum + range * (bestBin + 1) / kBins;
}

}  // namespace anomadiff
