#include "protocol/WorkerEvent.h"

#include <nlohmann/json.hpp>

#include <type_traits>

namespace anomadiff::protocol {
namespace {

using nlohmann::json;

json parameterJson(const CatalogParameter& parameter) {
  json out = {{"name", parameter.name},        {"label", parameter.label},
              {"help", parameter.help},        {"minimum", parameter.minimum},
              {"maximum", parameter.maximum},  {"default", parameter.defaultValue},
              {"integer", parameter.isInteger}};
  if (parameter.volumeDefault) out["volume_default"] = *parameter.volumeDefault;
  if (!parameter.choices.empty()) out["choices"] = parameter.choices;
  return out;
}

json methodJson(const CatalogMethod& method) {
  json parameters = json::array();
  for (const auto& parameter : method.parameters) parameters.push_back(parameterJson(parameter));
  json calibration = method.calibration;
  if (!method.boxGateJson.empty()) calibration["box_gate"] = json::parse(method.boxGateJson);
  return {{"name", method.name},
          {"summary", method.summary},
          {"needs_model", method.needsModel},
          {"parameters", parameters},
          {"calibration", calibration}};
}

json catalogJson(const MethodCatalogData& catalog) {
  json methods = json::array();
  for (const auto& method : catalog.methods) methods.push_back(methodJson(method));
  return {{"methods", methods},
          {"default_method", catalog.defaultMethod},
          {"model_name", catalog.modelName}};
}

/// Lenient reads for decoding: a missing or mistyped field gives `fallback`.
template <typename T>
T valueOr(const json& object, const char* key, T fallback) {
  if (!object.is_object() || !object.contains(key)) return fallback;
  // nlohmann converts a float to an integer type without a range check (undefined behaviour
  // for 1e30): a float where an integer belongs is mistyped too.
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (object[key].is_number_float()) return fallback;
  }
  try {
    return object[key].get<T>();
  } catch (const json::exception&) {
    return fallback;
  }
}

CatalogParameter parameterOf(const json& in) {
  CatalogParameter parameter;
  parameter.name = valueOr<std::string>(in, "name", "");
  parameter.label = valueOr<std::string>(in, "label", parameter.name);
  parameter.help = valueOr<std::string>(in, "help", "");
  parameter.minimum = valueOr(in, "minimum", 0.0);
  parameter.maximum = valueOr(in, "maximum", 0.0);
  parameter.defaultValue = valueOr(in, "default", 0.0);
  parameter.isInteger = valueOr(in, "integer", false);
  if (in.contains("volume_default") && in["volume_default"].is_number()) {
    parameter.volumeDefault = in["volume_default"].get<double>();
  }
  parameter.choices = valueOr(in, "choices", std::vector<std::string>{});
  return parameter;
}

CatalogMethod methodOf(const json& in) {
  CatalogMethod method;
  method.name = valueOr<std::string>(in, "name", "");
  method.summary = valueOr<std::string>(in, "summary", "");
  method.needsModel = valueOr(in, "needs_model", false);
  if (in.contains("parameters") && in["parameters"].is_array()) {
    for (const auto& value : in["parameters"]) {
      auto parameter = parameterOf(value);
      if (!parameter.name.empty()) method.parameters.push_back(std::move(parameter));
    }
  }
  const json calibration = in.value("calibration", json::object());
  for (const auto& [key, value] : calibration.items()) {
    if (value.is_number()) method.calibration[key] = value.get<double>();
    if (key == "box_gate" && value.is_object()) method.boxGateJson = value.dump();
  }
  return method;
}

MethodCatalogData catalogOf(const json& in) {
  MethodCatalogData catalog;
  if (in.contains("methods") && in["methods"].is_array()) {
    for (const auto& value : in["methods"]) {
      auto method = methodOf(value);
      if (!method.name.empty()) catalog.methods.push_back(std::move(method));
    }
  }
  catalog.defaultMethod = valueOr<std::string>(in, "default_method", "");
  catalog.modelName = valueOr<std::string>(in, "model_name", "");
  return catalog;
}

struct BodyEncoder {
  json operator()(const ReadyEvent& e) const {
    return {{"event", "ready"}, {"version", e.version}};
  }
  json operator()(const ProgressEvent& e) const {
    return {{"event", "progress"}, {"done", e.done}, {"total", e.total}, {"stage", e.stage}};
  }
  json operator()(const PreviewEvent& e) const {
    return {{"event", "preview"}, {"file", e.file}, {"step", e.step}};
  }
  json operator()(const MethodsEvent& e) const {
    json out = catalogJson(e.catalog);
    out["event"] = "methods";
    return out;
  }
  json operator()(const LocalizeResultEvent& e) const {
    return {{"event", "result"},
            {"output_dir", e.outputDir},
            {"method", e.method},
            {"boxes", e.boxes},
            {"threshold", e.threshold},
            {"threshold_source", e.thresholdSource},
            {"seconds", e.seconds},
            {"warnings", e.warnings},
            {"network_evaluations", e.networkEvaluations}};
  }
  json operator()(const ModelLoadedEvent& e) const {
    return {{"event", "model-loaded"},
            {"method", e.method},
            {"model_name", e.modelName},
            {"model_sha256", e.modelSha256}};
  }
  json operator()(const CancelledEvent&) const { return {{"event", "cancelled"}}; }
  json operator()(const PongEvent&) const { return {{"event", "pong"}}; }
  json operator()(const ErrorEvent& e) const {
    return {{"event", "error"}, {"message", e.message}};
  }
};

LocalizeResultEvent localizeResultOf(const json& in) {
  LocalizeResultEvent e;
  e.outputDir = valueOr<std::string>(in, "output_dir", "");
  e.method = valueOr<std::string>(in, "method", "");
  e.boxes = valueOr<std::size_t>(in, "boxes", 0);
  e.threshold = valueOr(in, "threshold", 0.0);
  e.thresholdSource = valueOr<std::string>(in, "threshold_source", "");
  e.seconds = valueOr(in, "seconds", 0.0);
  e.warnings = valueOr(in, "warnings", std::vector<std::string>{});
  e.networkEvaluations = valueOr(in, "network_evaluations", 0LL);
  return e;
}

std::optional<WorkerEvent::Body> bodyOf(const json& in) {
  const auto kind = valueOr<std::string>(in, "event", "");
  if (kind == "ready") return ReadyEvent{valueOr<std::string>(in, "version", "")};
  if (kind == "progress") {
    return ProgressEvent{valueOr(in, "done", 0), valueOr(in, "total", 0),
                         valueOr<std::string>(in, "stage", "")};
  }
  if (kind == "preview") {
    return PreviewEvent{valueOr<std::string>(in, "file", ""), valueOr(in, "step", 0)};
  }
  if (kind == "methods") return MethodsEvent{catalogOf(in)};
  if (kind == "result") return localizeResultOf(in);
  if (kind == "model-loaded") {
    return ModelLoadedEvent{valueOr<std::string>(in, "method", ""),
                            valueOr<std::string>(in, "model_name", ""),
                            valueOr<std::string>(in, "model_sha256", "")};
  }
  if (kind == "cancelled") return CancelledEvent{};
  if (kind == "pong") return PongEvent{};
  if (kind == "error") return ErrorEvent{valueOr<std::string>(in, "message", "")};
  return std::nullopt;
}

}  // namespace

std::string encodeEvent(const WorkerEvent& event) {
  json out = std::visit(BodyEncoder{}, event.body);
  out["id"] = event.id ? json(*event.id) : json();
  // Invalid UTF-8 in a path must not kill the worker: replace it instead of throwing.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<WorkerEvent> decodeEvent(const std::string& line) {
  const json in = json::parse(line, nullptr, false);
  if (!in.is_object()) return std::nullopt;
  auto body = bodyOf(in);
  if (!body) return std::nullopt;
  WorkerEvent event{std::nullopt, std::move(*body)};
  if (in.contains("id") && in["id"].is_string()) event.id = in["id"].get<std::string>();
  return event;
}

std::string encodeCatalog(const MethodCatalogData& catalog, int indent) {
  return catalogJson(catalog).dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace anomadiff::protocol
