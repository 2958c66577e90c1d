#include "cli/CalibrateVolumesCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/Sha256.h"
#include "engine/io/TorchRuntime.h"
#include "image/ImageReader.h"
#include "localize/BoxGate.h"
#include "localize/ComponentBoxFinder.h"
#include "run/ModelSpaceAnalysis.h"
#include "run/ThresholdChoice.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <iomanip>
#include <limits>

namespace anomadiff::cli {
namespace {

/// fpr_5 of `method`, refusing a bundle calibrated for other parameters or weights: the volume
/// gate is only meaningful at the slice calibration's operating point.
double calibratedThreshold(const run::PreparedMethod& method) {
  const std::string name = method.localizer->name();
  const auto fpr5 = run::ThresholdChoice::calibrated(method.modelDescription, name, "fpr_5", true);
  if (!fpr5) throw InvalidArgument("method '" + name + "' is not calibrated: run calibrate first");
  const auto mismatch = run::ThresholdChoice::calibrationMismatch(
      method.modelDescription, name,
      method.parameters.withDefaults(method.localizer->parameters()).values(),
      method.localizer->modelHash(), true);
  if (!mismatch.empty()) {
    throw InvalidArgument("the calibration of '" + name + "' was made for other settings (" +
                          mismatch + "): run calibrate --for-volumes with these first");
  }
  return *fpr5;
}

}  // namespace

CLI::App* CalibrateVolumesCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "calibrate-volumes",
      "Store the finding gate for whole volumes: above every component of healthy volumes");
  c->add_option("volumes", m_volumes, "Healthy volumes, as a scanner stores them (any orientation)")
      ->required()
      ->check(CLI::ExistingFile);
  m_method.addTo(*c);
  c->add_option("--gate-statistic", m_gateStatistic,
                "Box statistic of the volume gate: mean | peak | mass (summed anomaly)")
      ->capture_default_str()
      ->check(CLI::IsMember({"mean", "peak", "mass"}));
  c->add_option("--min-box-area", m_minimumBoxArea,
                "Smallest component, in voxels (as localize's option)")
      ->capture_default_str();
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  return c;
}

int CalibrateVolumesCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  engine::TorchRuntime::setThreads(m_method.threads());
  run::PreparedMethod method = m_method.prepare();
  // What run::ModelSpaceAnalysis will run every whole volume with.
  run::MethodSetup::setUpFor(method, true);
  const double threshold = calibratedThreshold(method);
  const auto statistic = BoxGate::statisticNamed(m_gateStatistic);
  double largest = -std::numeric_limits<double>::infinity();
  nlohmann::json volumes = nlohmann::json::array();
  for (const auto& path : m_volumes) {
    const Image volume = ImageReader().read(path);
    if (volume.geometry().is2D()) {
      throw InvalidArgument("'" + path.string() + "' is a 2D image, not a volume");
    }
    ConsoleProgress progress(err, m_quiet);
    const auto analysed = run::ModelSpaceAnalysis::run(method, run::IntakeRequest(), volume,
                                                       nullptr, progress, CancelToken());
    const auto components = ComponentBoxFinder(m_minimumBoxArea)
                                .find(analysed.maps.anomalyMap, analysed.maps.varianceMap,
                                      static_cast<float>(threshold));
    double volumeLargest = 0.0;
    for (const auto& box : components) {
      volumeLargest = std::max(volumeLargest, BoxGate::valueOf(statistic, box));
    }
    largest = std::max(largest, volumeLargest);
    volumes.push_back({{"file", path.filename().string()},
                       {"sha256", engine::Sha256::ofFile(path)},
                       {"components", components.size()},
                       {"largest", volumeLargest},
                       {"map_divisor", analysed.level ? analysed.level->divisor : 1.0},
                       {"warnings", analysed.scan.report.warnings},
                       {"seconds", analysed.seconds}});
    if (!m_quiet) {
      err << path.filename().string() << ": " << components.size() << " components, largest "
          << m_gateStatistic << " " << volumeLargest << "\n";
    }
  }
  // The smallest value above every healthy component: none of them would be a finding.
  const double minimum = std::nextafter(std::max(largest, 0.0), largest + 1.0);
  nlohmann::json description = method.modelDescription;
  const std::string name = method.localizer->name();
  auto& entry = description["calibration"][name];
  auto& target = entry.contains("volume") ? entry["volume"] : entry;
  target["volume_gate"] = {{"statistic", m_gateStatistic},
                           {"minimum", minimum},
                           {"pixel_threshold", "fpr_5"},
                           {"min_box_area", m_minimumBoxArea},
                           {"rule", "above every component of the healthy volumes"},
                           {"volumes", volumes},
                           {"threads", engine::TorchRuntime::threads()}};
  engine::ModelBundle::writeDescription(method.modelFolder, description);
  out << name << ": volume gate " << m_gateStatistic << " >= " << std::setprecision(6) << minimum
      << " over " << m_volumes.size() << " healthy volumes; wrote "
      << (method.modelFolder / "model.json").string() << "\n";
  return 0;
}

}  // namespace anomadiff::cli
