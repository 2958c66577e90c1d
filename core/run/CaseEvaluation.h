#pragma once

#include "common/ProgressSink.h"
#include "localize/BoundingBox.h"
#include "localize/BoxGate.h"
#include "localize/ComponentBoxFinder.h"
#include "localize/FrocCurve.h"
#include "localize/IntensityClassResponse.h"
#include "localize/Localizer.h"
#include "localize/PixelScores.h"
#include "run/SliceCases.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace anomadiff::run {

struct EvaluationSummary {
  std::size_t lesionCases = 0;
  PixelMetrics pixels;
  /// The pooled PR / ROC operating points, thinned for plotting (not in toJson()).
  std::vector<CurvePoint> pixelCurve;
  ThresholdedMetrics atThreshold;
  double boxRecall30 = 0.0, boxRecall50 = 0.0, boxPrecision30 = 0.0;
  /// Share of the anomaly response (sum of scores over brain pixels) that falls inside the true
  /// lesions' bounding boxes: 1 means the map lights up nowhere else.
  double responseInsideTruthBoxes = 0.0;
  std::size_t healthySlices = 0;
  double healthyMae = 0.0;  ///< mean |x − x̂| in the brain, in half 1–99 percentile spreads
  std::size_t healthyWithBoxesAtFpr1 = 0;
  std::size_t healthyWithBoxesAtThreshold = 0;
  /// Healthy slices: the share of the darkest 10 %, the middle and the brightest 10 % of brain
  /// pixels above the threshold (normal structures the map lights: CSF on T1 when it fills
  /// ventricles in the pseudo-healthy image).
  double healthyDarkestAbove = 0.0, healthyMiddleAbove = 0.0, healthyBrightestAbove = 0.0;
  double secondsPerSlice = 0.0;
  /// Pooled pixel metrics of the cases in each stratum ("family=noise", "size=small", ...).
  std::map<std::string, std::pair<std::size_t, PixelMetrics>> strata;

  nlohmann::json toJson() const;
};

/// Accumulates the evaluation of one method: pooled brain-pixel scores of the lesion cases,
/// box matches at the threshold with the active finding gate, the healthy slices'
/// reconstruction error, false boxes and response per intensity class, and the FROC of every gate
/// statistic over the ungated candidate boxes (components at the threshold with at least
/// `minimumBoxArea` voxels).
class CaseEvaluation {
 public:
  CaseEvaluation(Localizer& method, LocalizerParameters parameters, double threshold,
                 double fpr1Threshold, std::size_t minimumBoxArea, BoxGate gate);

  void addLesionCase(const SliceCase& item, ProgressSink& progress);
  void addHealthySlice(const SliceCase& item, ProgressSink& progress);
  EvaluationSummary summary() const;
  /// One line per case: name, strata, lesion pixels, boxes, found at IoU 0.3, case AP, case
  /// Dice at the threshold and the highest score inside the lesion.
  std::string casesCsv() const;
  /// One FROC per BoxGate::kStatistics entry, in that order.
  const std::vector<FrocCurve>& frocCurves() const { return m_froc; }

 private:
  void addResponse(const Image& anomaly, const Image& brain, const std::vector<BoundingBox>& truth);
  std::vector<BoundingBox> gated(std::vector<BoundingBox> candidates) const;

  Localizer& m_method;
  LocalizerParameters m_parameters;
  double m_threshold;
  double m_fpr1Threshold;
  ComponentBoxFinder m_candidates;  ///< no gate: the FROC sweeps the gate itself
  BoxGate m_gate;
  std::vector<FrocCurve> m_froc;
  PixelScores m_scores;
  std::map<std::string, std::pair<std::size_t, PixelScores>> m_strata;
  std::size_t m_lesionCases = 0;
  std::size_t m_truths = 0, m_found30 = 0, m_found50 = 0;
  std::size_t m_predicted = 0, m_correct30 = 0;
  double m_responseInside = 0.0, m_responseTotal = 0.0;
  std::vector<double> m_healthyErrors;
  std::size_t m_healthyWithBoxesAtFpr1 = 0, m_healthyWithBoxesAtThreshold = 0;
  IntensityClassResponse m_healthyResponse;
  std::string m_csv;
};

}  // namespace anomadiff::run
