#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace anomadiff {

/// Threshold-free and thresholded pixel metrics of seed §5, pooled over every evaluated pixel.
struct PixelMetrics {
  double averagePrecision = 0.0;  ///< area under precision-recall (step-wise, ties grouped)
  double auroc = 0.0;             ///< area under ROC (trapezoids, ties grouped)
  double bestDice = 0.0;          ///< Dice at the best threshold (an oracle upper bound)
  double bestThreshold = 0.0;     ///< score above which the best Dice is reached
  std::size_t positives = 0;
  std::size_t negatives = 0;
};

/// Dice, precision and recall of the mask "score > threshold".
struct ThresholdedMetrics {
  double dice = 0.0;
  double precision = 0.0;
  double recall = 0.0;
  double falsePositiveRate = 0.0;
};

/// Pools (score, label) pairs from many images — only pixels inside the brain should be added —
/// and computes pixel AP, AUROC and Dice the way the literature reports them (pooled, not
/// averaged per image).
class PixelScores {
 public:
  /// Adds scores[i] with truth labels[i] > 0. Sizes must match (InvalidArgument otherwise).
  void add(const std::vector<float>& scores, const std::vector<std::uint8_t>& labels);
  void add(float score, bool anomalous);
  /// Adds every pair of `other` (pooling per-case scores into a group).
  void merge(const PixelScores& other);

  std::size_t size() const { return m_scores.size(); }
  /// Throws InvalidArgument when there are no positives or no negatives.
  PixelMetrics summary() const;
  ThresholdedMetrics at(double threshold) const;
  /// The score exceeded by `share` of the negatives (e.g. 0.05 → the 5 %-FPR threshold).
  double negativeQuantile(double share) const;

 private:
  std::vector<float> m_scores;
  std::vector<std::uint8_t> m_labels;
};

}  // namespace anomadiff
