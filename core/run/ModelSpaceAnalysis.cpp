#include "run/ModelSpaceAnalysis.h"

#include "localize/SliceConsistency.h"
#include "preprocess/ScanIntake.h"
#include "run/NativePreviewProgress.h"
#include "run/ThresholdChoice.h"

#include <chrono>

namespace anomadiff::run {
namespace {

/// The scan in the model's space (ScanIntake), with the bundle's template when it has one.
preprocess::PreparedScan prepareScan(const IntakeRequest& request, const PreparedMethod& method,
                                     const Image& input, const Image* labels,
                                     ProgressSink& progress, const CancelToken& cancel) {
  const auto options = ScanIntakeChoice::options(method.modelDescription, request);
  std::string problem;
  std::optional<preprocess::ScanTemplate> scanTemplate;
  if (!input.geometry().is2D()) {
    scanTemplate = ScanIntakeChoice::loadTemplate(method.modelDescription, method.modelFolder,
                                                  request, problem);
  }
  const preprocess::ScanIntake intake(options, scanTemplate ? &*scanTemplate : nullptr);
  auto prepared = intake.prepare(input, labels, progress, cancel);
  if (!problem.empty()) prepared.report.warnings.push_back(problem);
  return prepared;
}

}  // namespace

AnalysedScan ModelSpaceAnalysis::run(PreparedMethod& method, const IntakeRequest& intake,
                                     const Image& input, const Image* labels,
                                     ProgressSink& progress, const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  AnalysedScan analysed;
  analysed.scan = prepareScan(intake, method, input, labels, progress, cancel);
  // Whole volumes only (in the template's space, like the volume gate's calibration volumes): a
  // slab of a few slices, or a phantom, keeps the slice defaults and each slice's own map.
  analysed.wholeVolume = !input.geometry().is2D() && analysed.scan.report.inTemplateSpace;
  MethodSetup::setUpFor(method, analysed.wholeVolume);
  const Image& brain = analysed.scan.brain;
  NativePreviewProgress methodProgress(progress, analysed.scan, input);
  analysed.maps =
      method.localizer->run(analysed.scan.image, &brain, method.parameters, methodProgress, cancel);
  if (analysed.wholeVolume) {
    const double median = ThresholdChoice::calibrated(method.modelDescription,
                                                      method.localizer->name(), "median", true)
                              .value_or(0.0);
    analysed.level = MapLevel::measure(analysed.maps.anomalyMap, brain, median);
    analysed.level->apply(analysed.maps.anomalyMap);
    analysed.maps.anomalyMap = SliceConsistency::smoothed(analysed.maps.anomalyMap, brain);
  }
  analysed.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return analysed;
}

}  // namespace anomadiff::run
