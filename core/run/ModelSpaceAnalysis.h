#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "localize/LocalizationMaps.h"
#include "localize/MapLevel.h"
#include "preprocess/PreparedScan.h"
#include "run/MethodSetup.h"
#include "run/ScanIntakeChoice.h"

#include <optional>

namespace anomadiff::run {

/// A scan analysed in the model's space, before any threshold: what `localize`, the worker and
/// `calibrate-volumes` share, so the healthy volumes that calibrate the volume gate go through
/// exactly what a patient's volume goes through.
struct AnalysedScan {
  preprocess::PreparedScan scan;  ///< intake: model axes, template grid, brain mask
  LocalizationMaps maps;          ///< on scan.image's grid; anomalyMap levelled and smoothed
  /// How a whole volume's anomaly map was brought to the calibrated level (none for slices).
  std::optional<MapLevel> level;
  /// A whole volume (the intake brought it into the template's space): the bundle's
  /// volume_parameters and the calibration's "volume" entry apply, neighbouring slices averaged.
  bool wholeVolume = false;
  double seconds = 0.0;  ///< intake and method
};

/// Intake (ScanIntake with the bundle's template), the method — for a whole volume (one the
/// intake brought into the template's space) at the bundle's volume_parameters unless the
/// request named them — then, for a whole volume's anomaly map, the level of the calibration
/// (MapLevel, when the bundle's calibration of the method has a "median") and SliceConsistency.
/// Slices keep their own map: one slice's median is too noisy a level (validation, issue 14:
/// levelling 2D slices lowered pixel AP 0.317 → 0.293 on Colin27, 0.299 → 0.274 on a warped
/// Colin27 anatomy).
class ModelSpaceAnalysis {
 public:
  /// Throws InvalidArgument / IoError naming the problem, Cancelled when `cancel` fires.
  /// `method.parameters` become the values the method ran with.
  static AnalysedScan run(PreparedMethod& method, const IntakeRequest& intake, const Image& input,
                          const Image* labels, ProgressSink& progress, const CancelToken& cancel);
};

}  // namespace anomadiff::run
