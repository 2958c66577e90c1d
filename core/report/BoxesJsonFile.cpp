#include "report/BoxesJsonFile.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "localize/BoxExtent.h"
#include "report/FindingText.h"
#include "report/ReviewSummary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <fstream>
#include <sstream>

namespace anomadiff {
namespace {

using nlohmann::json;

json boxToJson(const BoundingBox& box) {
  json node = {{"id", box.id},
               {"x", box.x},
               {"y", box.y},
               {"z", box.z},
               {"width", box.width},
               {"height", box.height},
               {"depth", box.depth},
               {"score", box.score},
               {"max_score", box.maxScore},
               {"mean_variance", box.meanVariance},
               {"area_px", box.areaPx}};
  if (!box.review.empty()) node["review"] = box.review;
  if (box.volumeMl > 0.0) node["volume_ml"] = box.volumeMl;
  if (!box.regions.empty()) {
    json regions = json::array();
    for (const auto& region : box.regions) {
      regions.push_back(
          {{"atlas", region.atlas}, {"name", region.name}, {"fraction", region.fraction}});
    }
    node["regions"] = regions;
  }
  return node;
}

/// The box's outer voxel faces in physical space: the extent a viewer draws.
json physicalExtent(const BoundingBox& box, const ImageGeometry& grid) {
  const BoxExtent extent =
      BoxExtent::through(box, preprocess::AffineTransform::indexToPhysical(grid));
  return {{"min", extent.minimum}, {"max", extent.maximum}};
}

json intakeToJson(const preprocess::IntakeReport& intake) {
  json node = {{"native_orientation", intake.nativeOrientation},
               {"model_orientation", intake.modelOrientation},
               {"scan_kind", intake.scanKind},
               {"foreground_ml", intake.foregroundMl},
               {"brain_mask", intake.brainMask},
               {"bias_corrected", intake.biasCorrected},
               {"registered", intake.registered},
               {"seconds", intake.seconds},
               {"warnings", intake.warnings}};
  if (intake.biasCorrected) node["bias_field_range"] = intake.biasFieldRange;
  if (intake.registered) {
    node["registration"] = {{"target", intake.registrationTarget},
                            {"mattes_mi", intake.registrationMetric},
                            {"correlation", intake.registrationCorrelation}};
  }
  return node;
}

preprocess::IntakeReport intakeFromJson(const json& node) {
  preprocess::IntakeReport intake;
  intake.nativeOrientation = node.value("native_orientation", "");
  intake.modelOrientation = node.value("model_orientation", "");
  intake.scanKind = node.value("scan_kind", "");
  intake.foregroundMl = node.value("foreground_ml", 0.0);
  intake.brainMask = node.value("brain_mask", "");
  intake.registered = node.value("registered", false);
  intake.biasCorrected = node.value("bias_corrected", false);
  if (node.contains("bias_field_range"))
    intake.biasFieldRange = node["bias_field_range"].get<double>();
  intake.seconds = node.value("seconds", 0.0);
  intake.warnings = node.value("warnings", std::vector<std::string>());
  if (node.contains("registration")) {
    const json& registration = node["registration"];
    intake.registrationTarget = registration.value("target", "");
    intake.registrationMetric = registration.value("mattes_mi", 0.0);
    intake.registrationCorrelation = registration.value("correlation", 0.0);
  }
  return intake;
}

// Integer fields are checked before nlohmann converts them: get<>() casts a float such as -1e100
// to an integer type (undefined behaviour) and wraps a negative integer into a huge std::size_t
// (a box far outside any image).
std::size_t countAt(const json& node, const char* key) {
  const json& value = node.at(key);
  if (!value.is_number_unsigned()) {
    throw IoError(std::string("'") + key + "' is not a non-negative integer: " + value.dump());
  }
  return value.get<std::size_t>();
}

int integerAt(const json& node, const char* key) {
  const json& value = node.at(key);
  bool fits = false;
  if (value.is_number_unsigned()) {
    fits = value.get<std::uint64_t>() <= INT_MAX;
  } else if (value.is_number_integer()) {
    fits = value.get<std::int64_t>() >= INT_MIN && value.get<std::int64_t>() <= INT_MAX;
  }
  if (!fits) throw IoError(std::string("'") + key + "' is not an integer: " + value.dump());
  return static_cast<int>(value.get<std::int64_t>());
}

BoundingBox boxFromJson(const json& node) {
  BoundingBox box;
  box.id = integerAt(node, "id");
  box.x = countAt(node, "x");
  box.y = countAt(node, "y");
  box.z = countAt(node, "z");
  box.width = countAt(node, "width");
  box.height = countAt(node, "height");
  box.depth = countAt(node, "depth");
  box.score = node.at("score").get<double>();
  box.maxScore = node.value("max_score", box.score);
  box.meanVariance = node.at("mean_variance").get<double>();
  box.areaPx = countAt(node, "area_px");
  box.review = node.value("review", "");
  box.volumeMl = node.value("volume_ml", 0.0);
  for (const auto& region : node.value("regions", json::array())) {
    box.regions.push_back({region.at("atlas").get<std::string>(),
                           region.at("name").get<std::string>(),
                           region.at("fraction").get<double>()});
  }
  if (!isKnownReview(box.review)) {
    throw IoError("box " + std::to_string(box.id) + " has review '" + box.review +
                  "' (expected accepted, rejected or added)");
  }
  return box;
}

json provenanceToJson(const Provenance& provenance) {
  return {{"app", "AnomaDiff"},
          {"app_version", provenance.appVersion},
          {"method", provenance.method},
          {"model_name", provenance.modelName},
          {"model_sha256", provenance.modelHash},
          {"threads", provenance.threads},
          {"input", provenance.input},
          {"created_utc", provenance.createdUtc}};
}

/// "finding_gate" (null for the open gate) and, while the gate is a peak gate or open, the
/// "finding_peak" keys that files from before the gate statistics carry, for their readers.
void gateToJson(const FindingsDocument& document, json& root) {
  const BoxGate& gate = document.findingGate;
  root["finding_gate"] = gate.isOpen() ? json(nullptr) : json::parse(gate.toJson());
  root["finding_gate_source"] = document.findingGateSource;
  if (!gate.isOpen() && gate.statistic() != BoxGate::Statistic::Peak) return;
  root["finding_peak"] = gate.isOpen() ? json(nullptr) : json(gate.minimum());
  root["finding_peak_source"] = document.findingGateSource;
}

/// Optional: files written before the finding rules have no gate; files written before the gate
/// statistics have only the peak.
void gateFromJson(const json& root, FindingsDocument& document) {
  if (root.contains("finding_gate") && !root["finding_gate"].is_null()) {
    document.findingGate = BoxGate::fromJson(root["finding_gate"].dump());
    document.findingGateSource = root.value("finding_gate_source", "none");
  } else if (root.contains("finding_peak") && !root["finding_peak"].is_null()) {
    document.findingGate = BoxGate(BoxGate::Statistic::Peak, root["finding_peak"].get<double>());
    document.findingGateSource = root.value("finding_peak_source", "none");
  }
}

/// Derived counts, written for readers of the file; reading takes only the time back.
json reviewToJson(const FindingsDocument& document) {
  const auto summary = ReviewSummary::of(document.boxes);
  return {{"reviewed_utc", document.reviewedUtc},
          {"accepted", summary.accepted},
          {"rejected", summary.rejected},
          {"added", summary.added},
          {"pending", summary.pending}};
}

}  // namespace

std::string BoxesJsonFile::toJson(const FindingsDocument& document) const {
  json boxes = json::array();
  for (const auto& box : document.boxes) {
    boxes.push_back(boxToJson(box));
    if (document.grid.voxelCount() > 0) {
      boxes.back()["lps_mm"] = physicalExtent(box, document.grid);
      boxes.back()["extent_mm"] = FindingText::extentMm(box, document.grid);
    }
  }
  json root = {{"boxes", boxes},
               {"threshold", document.threshold},
               {"threshold_source", document.thresholdSource},
               {"parameters", document.provenance.parameters},
               {"provenance", provenanceToJson(document.provenance)}};
  gateToJson(document, root);
  if (document.intake) root["intake"] = intakeToJson(*document.intake);
  if (document.mapLevel) {
    root["map_level"] = {{"scan_median", document.mapLevel->scanMedian},
                         {"calibrated_median", document.mapLevel->calibratedMedian},
                         {"divisor", document.mapLevel->divisor}};
  }
  root["slice_consistency"] = document.sliceConsistency;
  if (!document.reviewedUtc.empty()) root["review"] = reviewToJson(document);
  return root.dump(2) + "\n";
}

void BoxesJsonFile::write(const FindingsDocument& document,
                          const std::filesystem::path& path) const {
  TextFileWriter().write(path, toJson(document));
}

FindingsDocument BoxesJsonFile::read(const std::filesystem::path& path) const {
  std::ifstream stream(path);
  if (!stream) throw IoError("cannot open findings file '" + path.string() + "'");
  std::ostringstream text;
  text << stream.rdbuf();
  return fromJson(text.str(), path.string());
}

FindingsDocument BoxesJsonFile::fromJson(const std::string& text, const std::string& origin) const {
  try {
    const json root = json::parse(text);
    FindingsDocument document;
    for (const auto& node : root.at("boxes")) document.boxes.push_back(boxFromJson(node));
    document.threshold = root.at("threshold").get<double>();
    document.thresholdSource = root.at("threshold_source").get<std::string>();
    gateFromJson(root, document);
    document.provenance.parameters = root.at("parameters").get<std::map<std::string, double>>();
    const json& provenance = root.at("provenance");
    document.provenance.appVersion = provenance.at("app_version").get<std::string>();
    document.provenance.method = provenance.at("method").get<std::string>();
    document.provenance.modelName = provenance.value("model_name", "");
    document.provenance.modelHash = provenance.at("model_sha256").get<std::string>();
    document.provenance.threads = integerAt(provenance, "threads");
    document.provenance.input = provenance.value("input", "");
    document.provenance.createdUtc = provenance.value("created_utc", "");
    if (root.contains("intake")) document.intake = intakeFromJson(root["intake"]);
    if (root.contains("map_level")) {
      const json& level = root["map_level"];
      document.mapLevel =
          MapLevel{level.value("scan_median", 0.0), level.value("calibrated_median", 0.0),
                   level.value("divisor", 1.0)};
    }
    document.sliceConsistency = root.value("slice_consistency", false);
    if (root.contains("review")) {
      document.reviewedUtc = root["review"].at("reviewed_utc").get<std::string>();
    }
    return document;
  } catch (const json::exception& error) {
    throw IoError("findings file '" + origin + "' is not valid: " + error.what());
  } catch (const IoError& error) {
    throw IoError("findings file '" + origin + "' is not valid: " + error.what());
  } catch (const InvalidArgument& error) {  // a malformed finding_gate
    throw IoError("findings file '" + origin + "' is not valid: " + error.what());
  }
}

}  // namespace anomadiff
