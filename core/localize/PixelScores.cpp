#include "localize/PixelScores.h"

#include "common/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

namespace anomadiff {

void PixelScores::add(const std::vector<float>& scores, const std::vector<std::uint8_t>& labels) {
  if (scores.size() != labels.size()) {
    throw InvalidArgument("pixel scores (" + std::to_string(scores.size()) + ") and labels (" +
                          std::to_string(labels.size()) + ") differ in count");
  }
  for (const float score : scores) {
    if (!std::isfinite(score)) throw InvalidArgument("an anomaly score is NaN or infinite");
  }
  m_scores.insert(m_scores.end(), scores.begin(), scores.end());
  for (const auto label : labels) m_labels.push_back(label > 0 ? 1 : 0);
}

void PixelScores::add(float score, bool anomalous) {
  if (!std::isfinite(score)) throw InvalidArgument("an anomaly score is NaN or infinite");
  m_scores.push_back(score);
  m_labels.push_back(anomalous ? 1 : 0);
}

void PixelScores::merge(const PixelScores& other) {
  m_scores.insert(m_scores.end(), other.m_scores.begin(), other.m_scores.end());
  m_labels.insert(m_labels.end(), other.m_labels.begin(), other.m_labels.end());
}

std::pair<std::size_t, std::size_t> PixelScores::classCounts() const {
  const auto positives = static_cast<std::size_t>(std::count(m_labels.begin(), m_labels.end(), 1));
  const std::size_t negatives = m_labels.size() - positives;
  if (positives == 0 || negatives == 0) {
    throw InvalidArgument("pixel metrics need both anomalous and normal pixels (" +
                          std::to_string(positives) + " anomalous, " + std::to_string(negatives) +
                          " normal)");
  }
  return {positives, negatives};
}

void PixelScores::forEachThreshold(const std::function<void(const ThresholdStep&)>& visit) const {
  std::vector<std::size_t> order(m_scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return m_scores[a] > m_scores[b]; });
  ThresholdStep step{0.0f, 0.0f, 0.0, 0.0};
  for (std::size_t i = 0; i < order.size();) {
    // Pixels with equal scores enter together: a threshold cannot split them.
    step.score = m_scores[order[i]];
    for (; i < order.size() && m_scores[order[i]] == step.score; ++i) {
      (m_labels[order[i]] ? step.truePositives : step.falsePositives) += 1;
    }
    step.next = i < order.size() ? m_scores[order[i]] : step.score - 1.0f;
    visit(step);
  }
}

PixelMetrics PixelScores::summary() const {
  PixelMetrics metrics;
  std::tie(metrics.positives, metrics.negatives) = classCounts();
  const double positives = static_cast<double>(metrics.positives);
  const double negatives = static_cast<double>(metrics.negatives);
  double previousRecall = 0, previousFpr = 0;
  forEachThreshold([&](const ThresholdStep& step) {
    const double recall = step.truePositives / positives;
    const double precision = step.truePositives / (step.truePositives + step.falsePositives);
    const double fpr = step.falsePositives / negatives;
    metrics.averagePrecision += (recall - previousRecall) * precision;
    metrics.auroc += (fpr - previousFpr) * (recall + previousRecall) / 2.0;
    const double dice =
        2.0 * step.truePositives / (step.truePositives + step.falsePositives + positives);
    if (dice > metrics.bestDice) {
      metrics.bestDice = dice;
      // "score > threshold" must include this group: take the next lower score's midpoint.
      metrics.bestThreshold = (static_cast<double>(step.score) + step.next) / 2.0;
    }
    previousRecall = recall;
    previousFpr = fpr;
  });
  return metrics;
}

std::vector<CurvePoint> PixelScores::curve(std::size_t maximumPoints) const {
  if (maximumPoints < 3) {
    throw InvalidArgument("a curve needs at least 3 points, not " + std::to_string(maximumPoints));
  }
  const auto [positives, negatives] = classCounts();
  // Recall + FPR grows from 0 to 2 along the ROC path; a point is kept once it has moved at least
  // `spacing` past the last kept one, so at most maximumPoints − 2 between the two ends survive.
  const double spacing = 2.0 / static_cast<double>(maximumPoints - 2);
  std::vector<CurvePoint> points = {{std::numeric_limits<double>::infinity(), 0.0, 1.0, 0.0}};
  double nextMark = spacing;
  forEachThreshold([&](const ThresholdStep& step) {
    const CurvePoint point{step.score, step.truePositives / static_cast<double>(positives),
                           step.truePositives / (step.truePositives + step.falsePositives),
                           step.falsePositives / static_cast<double>(negatives)};
    const double travelled = point.recall + point.falsePositiveRate;
    const bool last = step.truePositives + step.falsePositives == static_cast<double>(size());
    if (!last && travelled < nextMark) return;
    points.push_back(point);
    nextMark = travelled + spacing;
  });
  return points;
}

ThresholdedMetrics PixelScores::at(double threshold) const {
  double truePositives = 0, falsePositives = 0, positives = 0, negatives = 0;
  for (std::size_t i = 0; i < m_scores.size(); ++i) {
    const bool predicted = m_scores[i] > threshold;
    if (m_labels[i]) {
      positives += 1;
      truePositives += predicted;
    } else {
      negatives += 1;
      falsePositives += predicted;
    }
  }
  ThresholdedMetrics metrics;
  const double predictedCount = truePositives + falsePositives;
  metrics.dice =
      positives + predictedCount > 0 ? 2.0 * truePositives / (positives + predictedCount) : 1.0;
  metrics.precision = predictedCount > 0 ? truePositives / predictedCount : 0.0;
  metrics.recall = positives > 0 ? truePositives / positives : 0.0;
  metrics.falsePositiveRate = negatives > 0 ? falsePositives / negatives : 0.0;
  return metrics;
}

double PixelScores::negativeQuantile(double share) const {
  std::vector<float> normal;
  for (std::size_t i = 0; i < m_scores.size(); ++i) {
    if (!m_labels[i]) normal.push_back(m_scores[i]);
  }
  if (normal.empty()) throw InvalidArgument("no normal pixels to take a quantile of");
  if (!(share > 0.0 && share < 1.0)) {
    throw InvalidArgument("false-positive share " + std::to_string(share) + " is not in (0, 1)");
  }
  // The value exceeded by at most `share` of the normal pixels.
  const auto rank =
      static_cast<std::size_t>(std::ceil((1.0 - share) * static_cast<double>(normal.size()))) - 1;
  const auto nth = normal.begin() + static_cast<std::ptrdiff_t>(std::min(rank, normal.size() - 1));
  std::nth_element(normal.begin(), nth, normal.end());
  return *nth;
}

}  // namespace anomadiff
