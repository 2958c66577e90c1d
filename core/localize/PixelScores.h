#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
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

/// One operating point of the mask "score ≥ threshold": a point of both the ROC curve
/// (falsePositiveRate, recall) and the precision-recall curve (recall, precision).
struct CurvePoint {
  double threshold = 0.0;  ///< +∞ for the empty mask the curves start from
  double recall = 0.0;     ///< true-positive rate
  double precision = 1.0;  ///< 1 for the empty mask, by the usual convention
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
  /// The operating points from the empty mask (recall 0, FPR 0) to the full one (1, 1), thinned
  /// to at most `maximumPoints` (≥ 3) evenly along the ROC path for plotting; the first and last
  /// point are always kept. Throws InvalidArgument like summary() or for maximumPoints < 3.
  std::vector<CurvePoint> curve(std::size_t maximumPoints = 512) const;
  ThresholdedMetrics at(double threshold) const;
  /// The score exceeded by `share` of the negatives (e.g. 0.05 → the 5 %-FPR threshold).
  double negativeQuantile(double share) const;

 private:
  /// Cumulative counts after one group of equal scores has entered the mask.
  struct ThresholdStep {
    float score;  ///< the group's score
    float next;   ///< the next lower score (score − 1 after the last group)
    double truePositives, falsePositives;
  };
  /// Counts (positives, negatives); throws InvalidArgument when either is zero.
  std::pair<std::size_t, std::size_t> classCounts() const;
  /// Walks the thresholds from the highest score down: the one sort both curves and metrics use.
  void forEachThreshold(const std::function<void(const ThresholdStep&)>& visit) const;

  std::vector<float> m_scores;
  std::vector<std::uint8_t> m_labels;
};

}  // namespace anomadiff
