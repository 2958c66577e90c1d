#pragma once

#include "localize/BoundingBox.h"
#include "localize/BoxGate.h"
#include "localize/TruthLesion.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff {

/// One operating point of a finding gate: the gate's minimum, the mean number of boxes it lets
/// through on a healthy slice (all false) and the share of true lesions it still finds.
struct FrocPoint {
  double minimum = 0.0;  ///< +∞ for the start of the curve (no box), −∞ for the open gate
  double falseBoxesPerSlice = 0.0;
  double sensitivity = 0.0;
};

/// Free-response ROC of one box statistic (BoxGate::Statistic) as the gate's minimum sweeps all
/// values: lesion sensitivity against mean false boxes per healthy slice. The candidates are the
/// ungated components at the pixel threshold; a lesion counts at a minimum when some candidate
/// that hits it (IoU ≥ 0.3 with its box, or its centroid inside the candidate) reaches that
/// minimum, so each lesion keeps the best value among its hitting candidates. Every candidate
/// on a healthy slice is a false box. This picks the gate a reader can trust: the operating
/// point is stated in false boxes per healthy slice, the unit a reader pays for.
class FrocCurve {
 public:
  static constexpr double kHitIou = 0.3;

  explicit FrocCurve(BoxGate::Statistic statistic) : m_statistic(statistic) {}

  BoxGate::Statistic statistic() const { return m_statistic; }
  /// Lesions of one stratum found at an operating point.
  struct StratumSensitivity {
    std::size_t lesions = 0;
    double sensitivity = 0.0;
  };

  /// The true lesions of one lesion case and its candidate boxes; `strata` are the case's groups
  /// ("family=noise", "size=small"), which every one of its lesions joins.
  void addLesionCase(const std::vector<TruthLesion>& truths,
                     const std::vector<BoundingBox>& candidates,
                     const std::vector<std::string>& strata = {});
  /// The candidate boxes of one healthy slice (none is fine: the slice still counts).
  void addHealthySlice(const std::vector<BoundingBox>& candidates);

  std::size_t lesions() const { return m_lesionBest.size(); }
  std::size_t healthySlices() const { return m_healthySlices; }
  std::size_t healthyBoxes() const { return m_healthyValues.size(); }

  /// Every operating point, by rising false boxes per slice: from (0, 0) at minimum +∞ down to
  /// the smallest candidate value, where the gate admits every candidate. Empty without healthy
  /// slices (the false-box rate is undefined).
  std::vector<FrocPoint> curve() const;
  /// The gate with the smallest minimum that lets through at most `falseBoxesPerSlice` false
  /// boxes per healthy slice, i.e. at most floor(rate × slices) healthy boxes, and its
  /// sensitivity — the highest sensitivity the curve reaches at that rate. Its minimum is −∞
  /// when even the open gate stays within the rate. Throws InvalidArgument without healthy
  /// slices or for a negative rate.
  FrocPoint operatingPointAt(double falseBoxesPerSlice) const;
  /// Per stratum, the share of its lesions that the pooled operatingPointAt(rate) finds: where
  /// the single gate loses lesions (a family, a size). Lesions of cases without strata count in
  /// none. Throws like operatingPointAt.
  std::map<std::string, StratumSensitivity> sensitivityByStratum(double falseBoxesPerSlice) const;
  /// At most `maxPoints` (≥ 2) points of `points`, evenly by index, first and last kept.
  static std::vector<FrocPoint> thinned(const std::vector<FrocPoint>& points,
                                        std::size_t maxPoints);
  /// Whether `candidate` finds `truth` by the rule above.
  static bool hits(const BoundingBox& candidate, const TruthLesion& truth);

 private:
  FrocPoint pointAt(double minimum) const;

  BoxGate::Statistic m_statistic;
  std::vector<std::optional<double>> m_lesionBest;       ///< nullopt: no candidate hit the lesion
  std::vector<std::vector<std::string>> m_lesionStrata;  ///< parallel to m_lesionBest
  std::vector<double> m_healthyValues;
  std::size_t m_healthySlices = 0;
};

}  // namespace anomadiff
