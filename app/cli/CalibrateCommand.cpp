#include "cli/CalibrateCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/Sha256.h"
#include "engine/io/TorchRuntime.h"
#include "localize/BoxGate.h"
#include "localize/ComponentBoxFinder.h"
#include "localize/FrocCurve.h"
#include "localize/PixelScores.h"
#include "preprocess/Percentiles.h"
#include "run/SliceCases.h"
#include "run/ThresholdChoice.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <limits>
#include <sstream>
#include <vector>

namespace anomadiff::cli {
namespace {

/// The finding peak: 95 % of healthy calibration slices have no score above it.
constexpr double kPeakPercentile[] = {95.0};

/// The operating point of the calibrated gate: a reader meets a false box on about one healthy
/// slice in five.
constexpr double kFalseBoxesPerSlice = 0.2;

/// "box_gate": the smallest minimum of `statistic` that lets ≤ kFalseBoxesPerSlice boxes per
/// healthy slice through, the boxes drawn at `threshold` (fpr_5) as localize draws them.
nlohmann::json boxGateOf(const std::vector<Image>& healthyMaps, double threshold,
                         BoxGate::Statistic statistic, std::size_t minimumBoxArea) {
  FrocCurve froc(statistic);
  const ComponentBoxFinder candidates(minimumBoxArea);
  for (const Image& map : healthyMaps) {
    froc.addHealthySlice(candidates.find(map, Image(), static_cast<float>(threshold)));
  }
  const FrocPoint point = froc.operatingPointAt(kFalseBoxesPerSlice);
  nlohmann::json gate = nlohmann::json::parse(BoxGate(statistic, point.minimum).toJson());
  gate["false_boxes_per_slice"] = point.falseBoxesPerSlice;
  gate["target"] = kFalseBoxesPerSlice;
  gate["pixel_threshold"] = "fpr_5";
  gate["min_box_area"] = minimumBoxArea;
  gate["healthy_boxes"] = froc.healthyBoxes();
  return gate;
}

std::string gateText(const nlohmann::json& gate) {
  std::ostringstream text;
  text << std::setprecision(5) << gate["statistic"].get<std::string>() << " >= ";
  if (gate["minimum"].is_null()) {
    text << "-inf (no gate needed)";
  } else {
    text << gate["minimum"].get<double>();
  }
  text << " (" << gate["false_boxes_per_slice"].get<double>() << " false boxes per healthy slice)";
  return text.str();
}

}  // namespace

CLI::App* CalibrateCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "calibrate",
      "Store 1 % / 5 % healthy false-positive thresholds and the finding gate in model.json");
  c->add_option("volume", m_volume, "Healthy skull-stripped volume (e.g. Colin27 ch2bet.nii.gz)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--slices", m_slices, "Held-out axial slices A:B (never used in training)")
      ->required();
  c->add_option("--mask", m_mask, "Brain mask of the volume (default: computed)");
  m_method.addTo(*c);
  c->add_option("--gate-statistic", m_gateStatistic,
                "Box statistic of the calibrated finding gate: mean | peak | mass (summed anomaly)")
      ->capture_default_str()
      ->check(CLI::IsMember({"mean", "peak", "mass"}));
  c->add_option("--min-box-area", m_minimumBoxArea,
                "Smallest component, in voxels, when calibrating the gate (as localize's option)")
      ->capture_default_str();
  c->add_flag("--set-default", m_setDefault,
              "Also make this method and parameters the bundle's default");
  c->add_flag("--for-volumes", m_forVolumes,
              "Calibrate the parameters of whole volumes (volume_parameters, with the given ones "
              "over them) and store them as the calibration's volume entry");
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  return c;
}

int CalibrateCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  engine::TorchRuntime::setThreads(m_method.threads());
  const auto cases = run::SliceCases::healthySlices(m_volume, m_mask, m_slices);
  run::PreparedMethod method = m_method.prepare();
  if (!std::filesystem::exists(method.modelFolder / "model.json")) {
    throw IoError("calibration is stored in a model bundle; '" + method.modelFolder.string() +
                  "' has no model.json");
  }
  if (m_setDefault && m_forVolumes) {
    throw InvalidArgument("give --set-default or --for-volumes, not both");
  }
  // The parameters and the model whole volumes use, when the bundle gives them their own.
  if (m_forVolumes) run::MethodSetup::setUpFor(method, true);
  const auto statistic = BoxGate::statisticNamed(m_gateStatistic);
  PixelScores scores;
  std::vector<float> slicePeaks;   // each healthy slice's highest score in the brain
  std::vector<Image> healthyMaps;  // kept: the gate's boxes need fpr_5, known after the last slice
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    ConsoleProgress progress(err, m_quiet);
    const auto maps = method.localizer->run(cases[i].image, &cases[i].brain, method.parameters,
                                            progress, CancelToken());
    float peak = -std::numeric_limits<float>::infinity();
    for (std::size_t v = 0; v < cases[i].brain.voxelCount(); ++v) {
      if (!(cases[i].brain.voxels()[v] > 0.0f)) continue;
      scores.add(maps.anomalyMap.voxels()[v], false);
      peak = std::max(peak, maps.anomalyMap.voxels()[v]);
    }
    slicePeaks.push_back(peak);
    healthyMaps.push_back(maps.anomalyMap);
    if (!m_quiet) err << "slice " << (i + 1) << "/" << cases.size() << " done\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string name = method.localizer->name();
  const auto used = method.parameters.withDefaults(method.localizer->parameters()).values();
  nlohmann::json description = method.modelDescription;
  const double fpr5 = scores.negativeQuantile(0.05);
  nlohmann::json entry = {
      {"fpr_1", scores.negativeQuantile(0.01)},
      {"fpr_5", fpr5},
      // The healthy level: localize divides a map above it down to it (MapLevel).
      {"median", scores.negativeQuantile(0.5)},
      {"peak_5", preprocess::percentilesOf(slicePeaks, kPeakPercentile)[0]},
      {"box_gate", boxGateOf(healthyMaps, fpr5, statistic, m_minimumBoxArea)},
      {"parameters", used},
      {"data",
       {{"file", m_volume.filename().string()},
        {"sha256", engine::Sha256::ofFile(m_volume)},
        {"slices", m_slices},
        {"slice_count", cases.size()},
        {"brain_pixels", scores.size()}}},
      {"threads", engine::TorchRuntime::threads()},
      // Which weights made these numbers: retraining that denoiser drops them (TrainCommand).
      {"model_sha256", method.localizer->modelHash()},
      {"seconds", seconds}};
  store(description, name, std::move(entry), method.given);
  const auto& stored = *run::ThresholdChoice::calibrationEntry(description, name, m_forVolumes);
  engine::ModelBundle::writeDescription(method.modelFolder, description);
  out << name << ": healthy thresholds fpr_1 = " << std::setprecision(5)
      << stored["fpr_1"].get<double>() << ", fpr_5 = " << stored["fpr_5"].get<double>()
      << ", finding peak (95 % of healthy slices below) = " << stored["peak_5"].get<double>()
      << ", finding gate " << gateText(stored["box_gate"]) << " over " << scores.size()
      << " brain pixels of " << cases.size() << " slices (" << std::fixed << std::setprecision(1)
      << seconds << " s); wrote " << (method.modelFolder / "model.json").string() << "\n";
  return 0;
}

void CalibrateCommand::store(nlohmann::json& description, const std::string& method,
                             nlohmann::json entry, const LocalizerParameters& given) const {
  auto& calibration = description["calibration"][method];
  if (m_forVolumes) {
    // New volume thresholds: a volume gate measured at the old ones no longer holds — nor one
    // kept in the entry itself (bundles before volume entries), which this entry supersedes.
    calibration["volume"] = std::move(entry);
    calibration.erase("volume_gate");
    auto& volumeParameters = description["volume_parameters"][method];
    if (!volumeParameters.is_object()) volumeParameters = nlohmann::json::object();
    for (const auto& [key, value] : given.values()) volumeParameters[key] = value;
    return;
  }
  // The slice calibration is remade; the volume entry stands on its own parameters.
  // A method calibrated for the first time has no entry yet (null).
  const nlohmann::json volume =
      calibration.is_object() ? calibration.value("volume", nlohmann::json()) : nlohmann::json();
  calibration = std::move(entry);
  if (!volume.is_null()) calibration["volume"] = volume;
  if (m_setDefault) {
    description["default_method"] = method;
    description["default_parameters"][method] = calibration["parameters"];
  }
}

}  // namespace anomadiff::cli
