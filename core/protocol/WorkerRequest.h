#pragma once

#include "common/Error.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace anomadiff::protocol {

/// `localize`: one job on one input (docs/ARCHITECTURE.md §3). Strings are passed on as the
/// `localize` command's options; an absent parameter leaves the choice to the worker.
struct LocalizeCommand {
  std::string input;
  std::string outputDir;
  std::optional<std::string> mask;
  std::optional<std::string> method;
  std::optional<std::string> model;
  std::map<std::string, double> parameters;
  std::string threshold = "auto";
  std::string findingGate = "auto";
  std::string findingPeak = "auto";
  std::size_t minimumBoxArea = 10;
  std::string scanKind = "detect";
  std::string registration = "auto";
  std::string biasCorrection = "auto";
  /// LibTorch threads for this job (0: the worker's --threads). The GUI shares the cores between
  /// its interactive and sweep workers per job, since only it knows whether a sweep runs.
  std::size_t threads = 0;
};

/// `methods`: the method catalog of a bundle (none: the embedded default).
struct MethodsCommand {
  std::optional<std::string> model;
};

/// `load-model`: prepare a method with a bundle now, before the first job.
struct LoadModelCommand {
  std::optional<std::string> method;
  std::optional<std::string> model;
};

struct CancelCommand {};
struct QuitCommand {};
/// `ping`: answered by `pong` from the worker's reading thread, even while a job runs; the GUI's
/// watchdog restarts a worker that stops answering.
struct PingCommand {};

/// One request line: the client's id (echoed by every event about it) and the command.
struct WorkerRequest {
  using Command = std::variant<LocalizeCommand, MethodsCommand, LoadModelCommand, CancelCommand,
                               QuitCommand, PingCommand>;
  std::optional<std::string> id;
  Command command;
};

/// A request line that cannot be carried out; `id` is the request's when it could be read.
class RequestError : public InvalidArgument {
 public:
  RequestError(std::optional<std::string> id, const std::string& message)
      : InvalidArgument(message), m_id(std::move(id)) {}
  const std::optional<std::string>& id() const { return m_id; }

 private:
  std::optional<std::string> m_id;
};

/// One compact JSON object, without the line's newline.
std::string encodeRequest(const WorkerRequest& request);
/// Throws RequestError naming the field and the problem (not JSON, no `cmd`, unknown command, a
/// field of the wrong type). A numeric id is read as its decimal text.
WorkerRequest decodeRequest(const std::string& line);

}  // namespace anomadiff::protocol
