#include "cli/WorkerSession.h"

#include "cli/InstallLayout.h"
#include "cli/MethodCatalog.h"
#include "cli/WorkerProgress.h"
#include "common/Error.h"

namespace anomadiff::cli {
namespace {

using nlohmann::json;

std::string requireString(const json& request, const char* key) {
  if (!request.contains(key) || !request[key].is_string()) {
    throw InvalidArgument(std::string("request has no string field '") + key + "'");
  }
  return request[key].get<std::string>();
}

std::optional<std::string> optionalString(const json& request, const char* key) {
  if (!request.contains(key) || request[key].is_null()) return std::nullopt;
  if (!request[key].is_string()) {
    throw InvalidArgument(std::string("request field '") + key + "' is not a string");
  }
  return request[key].get<std::string>();
}

LocalizerParameters parametersOf(const json& request) {
  LocalizerParameters parameters;
  if (!request.contains("parameters")) return parameters;
  if (!request["parameters"].is_object()) {
    throw InvalidArgument("request field 'parameters' is not an object of numbers");
  }
  for (const auto& [name, value] : request["parameters"].items()) {
    if (!value.is_number()) throw InvalidArgument("parameter '" + name + "' is not a number");
    parameters.set(name, value.get<double>());
  }
  return parameters;
}

LocalizeRequest localizeRequestOf(const json& request) {
  LocalizeRequest result;
  result.input = requireString(request, "input");
  result.outputDir = requireString(request, "output_dir");
  if (const auto mask = optionalString(request, "mask")) result.mask = *mask;
  result.threshold = optionalString(request, "threshold").value_or("auto");
  result.findingGate = optionalString(request, "finding_gate").value_or("auto");
  result.findingPeak = optionalString(request, "finding_peak").value_or("auto");
  result.intake.scanKind = optionalString(request, "scan_kind").value_or("detect");
  result.intake.biasCorrection = optionalString(request, "bias_correction").value_or("auto");
  result.intake.registration = optionalString(request, "registration").value_or("auto");
  if (request.contains("min_box_area")) {
    if (!request["min_box_area"].is_number_unsigned()) {
      throw InvalidArgument("request field 'min_box_area' is not a non-negative integer");
    }
    result.minimumBoxArea = request["min_box_area"].get<std::size_t>();
  }
  return result;
}

}  // namespace

WorkerSession::WorkerSession(WorkerEvents& events) : m_events(events) {}

WorkerSession::~WorkerSession() {
  stopRunning();
}

bool WorkerSession::handle(const std::string& line) {
  json request;
  try {
    request = json::parse(line);
  } catch (const json::exception&) {
    m_events.error(nullptr, "request is not a JSON object: " + line.substr(0, 200));
    return true;
  }
  const json id = request.is_object() ? request.value("id", json()) : json();
  try {
    const std::string command = request.is_object() ? requireString(request, "cmd") : "";
    if (command == "localize") {
      startLocalize(id, request);
    } else if (command == "methods") {
      answerMethods(id, request);
    } else if (command == "load-model") {
      startLoadModel(id, request);
    } else if (command == "cancel") {
      stopRunning();
    } else if (command == "quit") {
      stopRunning();
      return false;
    } else {
      throw InvalidArgument("unknown command '" + command +
                            "' (localize, methods, load-model, cancel, quit)");
    }
  } catch (const Error& error) {
    m_events.error(id, error.what());
  }
  return true;
}

void WorkerSession::startLocalize(const json& id, const json& request) {
  // Parsed here, before anything is cancelled: a malformed request leaves the running job alone.
  const MethodKey key{optionalString(request, "method"), optionalString(request, "model")};
  const auto localize = localizeRequestOf(request);
  const auto given = parametersOf(request);
  stopRunning();
  startJob(id, [this, id, key, localize, given] {
    PreparedMethod& method = preparedFor(key);
    method.given = given;
    method.parameters = MethodOptions::parametersFor(method, given);
    WorkerProgress progress(m_events, id, m_previews.nextFile());
    const auto before = method.localizer->modelEvaluations();
    const auto outcome = LocalizeJob(localize).run(method, progress, m_cancel);
    m_events.result(id, {{"output_dir", localize.outputDir.string()},
                         {"method", method.localizer->name()},
                         {"boxes", outcome.boxes},
                         {"threshold", outcome.threshold},
                         {"threshold_source", outcome.thresholdSource},
                         {"seconds", outcome.seconds},
                         {"warnings", outcome.warnings},
                         {"network_evaluations", method.localizer->modelEvaluations() - before}});
  });
}

void WorkerSession::answerMethods(const json& id, const json& request) {
  // Answered at once, beside a running job: it reads model.json and the plugin list only.
  const auto model = optionalString(request, "model");
  const LocalizerRegistry registry(InstallLayout::pluginFolder());
  json catalog = MethodCatalog::catalog(
      registry, MethodOptions::bundleDescription(
                    model ? std::optional<std::filesystem::path>(*model) : std::nullopt));
  m_events.methods(id, std::move(catalog));
}

void WorkerSession::startLoadModel(const json& id, const json& request) {
  const MethodKey key{optionalString(request, "method"), optionalString(request, "model")};
  stopRunning();
  startJob(id, [this, id, key] {
    const PreparedMethod& method = preparedFor(key);
    m_events.result(id, {{"method", method.localizer->name()},
                         {"model_name", method.localizer->modelName()},
                         {"model_sha256", method.localizer->modelHash()}});
  });
}

template <typename Work>
void WorkerSession::startJob(const json& id, Work work) {
  m_cancel = CancelToken();
  m_job = std::thread([this, id, work] {
    try {
      work();
    } catch (const Cancelled&) {
      m_events.cancelled(id);
    } catch (const Error& error) {
      m_events.error(id, error.what());
    } catch (const std::exception& error) {
      m_events.error(id, std::string("internal error: ") + error.what());
    }
  });
}

void WorkerSession::stopRunning() {
  if (!m_job.joinable()) return;
  m_cancel.cancel();
  m_job.join();
}

PreparedMethod& WorkerSession::preparedFor(const MethodKey& key) {
  const auto name =
      std::make_pair(key.method.value_or(""), key.model ? key.model->string() : std::string());
  if (const auto found = m_prepared.find(name); found != m_prepared.end()) return found->second;
  return m_prepared.emplace(name, MethodOptions::prepare(key.method, key.model, {})).first->second;
}

}  // namespace anomadiff::cli
