#include "protocol/WorkerRequest.h"

#include <nlohmann/json.hpp>

namespace anomadiff::protocol {
namespace {

using nlohmann::json;

std::optional<std::string> idOf(const json& request) {
  if (!request.contains("id") || request["id"].is_null()) return std::nullopt;
  if (request["id"].is_string()) return request["id"].get<std::string>();
  if (request["id"].is_number()) return request["id"].dump();
  throw RequestError(std::nullopt, "request field 'id' is not a string");
}

/// Reads a request's fields; every problem is a RequestError with the request's id.
class RequestFields {
 public:
  RequestFields(const json& request, std::optional<std::string> id)
      : m_request(request), m_id(std::move(id)) {}

  [[noreturn]] void fail(const std::string& message) const { throw RequestError(m_id, message); }

  std::string required(const char* key) const {
    if (!m_request.contains(key) || !m_request[key].is_string()) {
      fail(std::string("request has no string field '") + key + "'");
    }
    return m_request[key].get<std::string>();
  }

  std::optional<std::string> optional(const char* key) const {
    if (!m_request.contains(key) || m_request[key].is_null()) return std::nullopt;
    if (!m_request[key].is_string()) {
      fail(std::string("request field '") + key + "' is not a string");
    }
    return m_request[key].get<std::string>();
  }

  std::optional<std::size_t> count(const char* key) const {
    if (!m_request.contains(key)) return std::nullopt;
    if (!m_request[key].is_number_unsigned()) {
      fail(std::string("request field '") + key + "' is not a non-negative integer");
    }
    return m_request[key].get<std::size_t>();
  }

  const json* object(const char* key) const {
    if (!m_request.contains(key)) return nullptr;
    if (!m_request[key].is_object()) {
      fail(std::string("request field '") + key + "' is not an object of numbers");
    }
    return &m_request[key];
  }

 private:
  const json& m_request;
  std::optional<std::string> m_id;
};

std::map<std::string, double> parametersOf(const RequestFields& fields) {
  std::map<std::string, double> parameters;
  const json* object = fields.object("parameters");
  if (object == nullptr) return parameters;
  for (const auto& [name, value] : object->items()) {
    if (!value.is_number()) fields.fail("parameter '" + name + "' is not a number");
    parameters[name] = value.get<double>();
  }
  return parameters;
}

LocalizeCommand localizeOf(const RequestFields& fields) {
  LocalizeCommand command;
  command.input = fields.required("input");
  command.outputDir = fields.required("output_dir");
  command.mask = fields.optional("mask");
  command.method = fields.optional("method");
  command.model = fields.optional("model");
  command.parameters = parametersOf(fields);
  command.threshold = fields.optional("threshold").value_or(command.threshold);
  command.findingGate = fields.optional("finding_gate").value_or(command.findingGate);
  command.findingPeak = fields.optional("finding_peak").value_or(command.findingPeak);
  command.minimumBoxArea = fields.count("min_box_area").value_or(command.minimumBoxArea);
  command.scanKind = fields.optional("scan_kind").value_or(command.scanKind);
  command.registration = fields.optional("registration").value_or(command.registration);
  command.biasCorrection = fields.optional("bias_correction").value_or(command.biasCorrection);
  command.threads = fields.count("threads").value_or(command.threads);
  return command;
}

/// Adds `key` to `out` when `value` is set (the decoder's defaults stand for absent fields).
void putOptional(json& out, const char* key, const std::optional<std::string>& value) {
  if (value) out[key] = *value;
}

json localizeJson(const LocalizeCommand& command) {
  json out = {{"cmd", "localize"},
              {"input", command.input},
              {"output_dir", command.outputDir},
              {"parameters", command.parameters},
              {"threshold", command.threshold},
              {"finding_gate", command.findingGate},
              {"finding_peak", command.findingPeak},
              {"min_box_area", command.minimumBoxArea},
              {"scan_kind", command.scanKind},
              {"registration", command.registration},
              {"bias_correction", command.biasCorrection}};
  if (command.threads > 0) out["threads"] = command.threads;
  putOptional(out, "mask", command.mask);
  putOptional(out, "method", command.method);
  putOptional(out, "model", command.model);
  return out;
}

struct CommandEncoder {
  json operator()(const LocalizeCommand& command) const { return localizeJson(command); }
  json operator()(const MethodsCommand& command) const {
    json out = {{"cmd", "methods"}};
    putOptional(out, "model", command.model);
    return out;
  }
  json operator()(const LoadModelCommand& command) const {
    json out = {{"cmd", "load-model"}};
    putOptional(out, "method", command.method);
    putOptional(out, "model", command.model);
    return out;
  }
  json operator()(const CancelCommand&) const { return {{"cmd", "cancel"}}; }
  json operator()(const QuitCommand&) const { return {{"cmd", "quit"}}; }
  json operator()(const PingCommand&) const { return {{"cmd", "ping"}}; }
};

WorkerRequest::Command commandOf(const RequestFields& fields) {
  const std::string name = fields.required("cmd");
  if (name == "localize") return localizeOf(fields);
  if (name == "methods") return MethodsCommand{fields.optional("model")};
  if (name == "load-model")
    return LoadModelCommand{fields.optional("method"), fields.optional("model")};
  if (name == "cancel") return CancelCommand{};
  if (name == "quit") return QuitCommand{};
  if (name == "ping") return PingCommand{};
  fields.fail("unknown command '" + name + "' (localize, methods, load-model, cancel, quit, ping)");
}

}  // namespace

std::string encodeRequest(const WorkerRequest& request) {
  json out = std::visit(CommandEncoder{}, request.command);
  if (request.id) out["id"] = *request.id;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

WorkerRequest decodeRequest(const std::string& line) {
  json document;
  try {
    document = json::parse(line);
  } catch (const json::exception&) {
    throw RequestError(std::nullopt, "request is not a JSON object: " + line.substr(0, 200));
  }
  if (!document.is_object()) {
    throw RequestError(std::nullopt, "request is not a JSON object: " + line.substr(0, 200));
  }
  WorkerRequest request;
  request.id = idOf(document);
  const RequestFields fields(document, request.id);
  request.command = commandOf(fields);
  return request;
}

}  // namespace anomadiff::protocol
