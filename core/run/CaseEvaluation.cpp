#include "run/CaseEvaluation.h"

#include "common/CancelToken.h"
#include "localize/BoxMatcher.h"
#include "localize/ComponentBoxFinder.h"
#include "localize/TruthLesion.h"
#include "preprocess/Percentiles.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace anomadiff::run {
namespace {

/// |x − x̂| inside the brain in units of half the brain's 1–99 percentile spread: the model's
/// own intensity scale ([-1, 1]), so subjects with different raw ranges compare.
double normalizedMae(const Image& input, const Image& reconstruction, const Image& brain) {
  double sum = 0.0, count = 0.0;
  for (std::size_t i = 0; i < brain.voxelCount(); ++i) {
    if (!(brain.voxels()[i] > 0.0f)) continue;
    sum += std::fabs(input.voxels()[i] - reconstruction.voxels()[i]);
    count += 1.0;
  }
  constexpr double kPercentiles[] = {1.0, 99.0};
  const auto bounds = preprocess::maskedPercentiles(input, &brain, kPercentiles);
  const double spread = std::max(1e-12, (bounds[1] - bounds[0]) / 2.0);
  return sum / count / spread;
}

}  // namespace

CaseEvaluation::CaseEvaluation(Localizer& method, LocalizerParameters parameters, double threshold,
                               double fpr1Threshold, std::size_t minimumBoxArea, BoxGate gate)
    : m_method(method),
      m_parameters(std::move(parameters)),
      m_threshold(threshold),
      m_fpr1Threshold(fpr1Threshold),
      m_candidates(minimumBoxArea),
      m_gate(gate),
      m_csv("case,strata,lesion_px,boxes,found_iou30,ap,dice_at_threshold,max_score_in_lesion\n") {
  for (const auto statistic : BoxGate::kStatistics) m_froc.emplace_back(statistic);
}

std::vector<BoundingBox> CaseEvaluation::gated(std::vector<BoundingBox> candidates) const {
  std::erase_if(candidates, [&](const BoundingBox& box) { return !m_gate.admits(box); });
  return candidates;
}

void CaseEvaluation::addLesionCase(const SliceCase& item, ProgressSink& progress) {
  const auto maps = m_method.run(item.image, &item.brain, m_parameters, progress, CancelToken());
  const Image& label = *item.label;
  double lesionPixels = 0.0, maxInLesion = 0.0;
  PixelScores caseScores;
  for (std::size_t i = 0; i < item.brain.voxelCount(); ++i) {
    if (!(item.brain.voxels()[i] > 0.0f)) continue;
    const bool anomalous = label.voxels()[i] > 0.0f;
    m_scores.add(maps.anomalyMap.voxels()[i], anomalous);
    caseScores.add(maps.anomalyMap.voxels()[i], anomalous);
    if (anomalous) {
      lesionPixels += 1.0;
      maxInLesion = std::max(maxInLesion, static_cast<double>(maps.anomalyMap.voxels()[i]));
    }
  }
  const auto lesions = TruthLesion::fromLabel(label);
  std::vector<BoundingBox> truth;
  for (const auto& lesion : lesions) truth.push_back(lesion.box);
  addResponse(maps.anomalyMap, item.brain, truth);
  const auto candidates =
      m_candidates.find(maps.anomalyMap, maps.varianceMap, static_cast<float>(m_threshold));
  for (auto& froc : m_froc) froc.addLesionCase(lesions, candidates, item.strata);
  const auto predicted = gated(candidates);
  const std::size_t found30 = BoxMatcher::foundTruths(truth, predicted, 0.3);
  m_truths += truth.size();
  m_found30 += found30;
  m_found50 += BoxMatcher::foundTruths(truth, predicted, 0.5);
  m_predicted += predicted.size();
  m_correct30 += BoxMatcher::correctPredictions(truth, predicted, 0.3);
  std::string strata;
  for (const auto& stratum : item.strata) {
    auto& [count, scores] = m_strata[stratum];
    ++count;
    scores.merge(caseScores);
    strata += (strata.empty() ? "" : " ") + stratum;
  }
  std::ostringstream line;
  line << item.name << "," << strata << "," << lesionPixels << "," << predicted.size() << ","
       << found30 << "," << (lesionPixels > 0 ? caseScores.summary().averagePrecision : 0.0) << ","
       << caseScores.at(m_threshold).dice << "," << maxInLesion << "\n";
  m_csv += line.str();
  ++m_lesionCases;
}

void CaseEvaluation::addResponse(const Image& anomaly, const Image& brain,
                                 const std::vector<BoundingBox>& truth) {
  const auto inside = [&](std::size_t x, std::size_t y, std::size_t z) {
    return std::any_of(truth.begin(), truth.end(), [&](const BoundingBox& box) {
      return x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height &&
             z >= box.z && z < box.z + box.depth;
    });
  };
  for (std::size_t z = 0; z < anomaly.depth(); ++z) {
    for (std::size_t y = 0; y < anomaly.height(); ++y) {
      for (std::size_t x = 0; x < anomaly.width(); ++x) {
        if (!(brain.at(x, y, z) > 0.0f)) continue;
        const double score = anomaly.at(x, y, z);
        m_responseTotal += score;
        if (inside(x, y, z)) m_responseInside += score;
      }
    }
  }
}

void CaseEvaluation::addHealthySlice(const SliceCase& item, ProgressSink& progress) {
  const auto maps = m_method.run(item.image, &item.brain, m_parameters, progress, CancelToken());
  m_healthyErrors.push_back(normalizedMae(item.image, maps.pseudoHealthy, item.brain));
  m_healthyResponse.add(item.image, item.brain, maps.anomalyMap, m_threshold);
  const auto candidatesAt = [&](double threshold) {
    return m_candidates.find(maps.anomalyMap, maps.varianceMap, static_cast<float>(threshold));
  };
  const auto candidates = candidatesAt(m_threshold);
  for (auto& froc : m_froc) froc.addHealthySlice(candidates);
  m_healthyWithBoxesAtFpr1 += !gated(candidatesAt(m_fpr1Threshold)).empty();
  m_healthyWithBoxesAtThreshold += !gated(candidates).empty();
}

EvaluationSummary CaseEvaluation::summary() const {
  EvaluationSummary summary;
  summary.lesionCases = m_lesionCases;
  if (m_scores.size() > 0) {
    summary.pixels = m_scores.summary();
    summary.pixelCurve = m_scores.curve();
    summary.atThreshold = m_scores.at(m_threshold);
  }
  const auto share = [](std::size_t part, std::size_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
  };
  summary.boxRecall30 = share(m_found30, m_truths);
  summary.boxRecall50 = share(m_found50, m_truths);
  summary.boxPrecision30 = share(m_correct30, m_predicted);
  summary.responseInsideTruthBoxes =
      m_responseTotal > 0.0 ? m_responseInside / m_responseTotal : 0.0;
  for (const auto& [stratum, entry] : m_strata) {
    summary.strata[stratum] = {entry.first, entry.second.summary()};
  }
  summary.healthySlices = m_healthyErrors.size();
  if (!m_healthyErrors.empty()) {
    summary.healthyMae = std::accumulate(m_healthyErrors.begin(), m_healthyErrors.end(), 0.0) /
                         static_cast<double>(m_healthyErrors.size());
  }
  summary.healthyWithBoxesAtFpr1 = m_healthyWithBoxesAtFpr1;
  summary.healthyWithBoxesAtThreshold = m_healthyWithBoxesAtThreshold;
  using Tissue = IntensityClassResponse::Tissue;
  summary.healthyDarkestAbove = m_healthyResponse.shareAbove(Tissue::darkest);
  summary.healthyMiddleAbove = m_healthyResponse.shareAbove(Tissue::middle);
  summary.healthyBrightestAbove = m_healthyResponse.shareAbove(Tissue::brightest);
  return summary;
}

std::string CaseEvaluation::casesCsv() const {
  return m_csv;
}

nlohmann::json EvaluationSummary::toJson() const {
  nlohmann::json groups = nlohmann::json::object();
  for (const auto& [stratum, entry] : strata) {
    groups[stratum] = {{"cases", entry.first},
                       {"pixel_ap", entry.second.averagePrecision},
                       {"pixel_auroc", entry.second.auroc},
                       {"best_dice", entry.second.bestDice}};
  }
  return {{"lesion_cases", lesionCases},
          {"strata", groups},
          {"pixel_ap", pixels.averagePrecision},
          {"pixel_auroc", pixels.auroc},
          {"best_dice", pixels.bestDice},
          {"best_dice_threshold", pixels.bestThreshold},
          {"dice_at_threshold", atThreshold.dice},
          // Pixel F1 is the Dice; IoU = Dice / (2 − Dice) over the same pooled pixels.
          {"f1_at_threshold", atThreshold.dice},
          {"iou_at_threshold", atThreshold.dice / (2.0 - atThreshold.dice)},
          {"response_inside_truth_boxes", responseInsideTruthBoxes},
          {"precision_at_threshold", atThreshold.precision},
          {"recall_at_threshold", atThreshold.recall},
          {"fpr_at_threshold", atThreshold.falsePositiveRate},
          {"box_recall_iou30", boxRecall30},
          {"box_recall_iou50", boxRecall50},
          {"box_precision_iou30", boxPrecision30},
          {"healthy_slices", healthySlices},
          {"healthy_mae", healthyMae},
          {"healthy_slices_with_boxes_at_fpr1", healthyWithBoxesAtFpr1},
          {"healthy_slices_with_boxes_at_threshold", healthyWithBoxesAtThreshold},
          {"healthy_share_above_threshold",
           {{"darkest_10_percent", healthyDarkestAbove},
            {"middle", healthyMiddleAbove},
            {"brightest_10_percent", healthyBrightestAbove}}},
          {"seconds_per_slice", secondsPerSlice}};
}

}  // namespace anomadiff::run
