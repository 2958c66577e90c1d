#pragma once

#include "protocol/MethodCatalogData.h"

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace anomadiff::protocol {

/// Sent once when the worker can take requests.
struct ReadyEvent {
  std::string version;
};

struct ProgressEvent {
  int done = 0;
  int total = 0;
  std::string stage;
};

/// A look at the pseudo-healthy estimate: a NIfTI file on the input grid.
struct PreviewEvent {
  std::string file;
  int step = 0;
};

struct MethodsEvent {
  MethodCatalogData catalog;
};

/// A finished `localize`: the result folder holds ResultFiles.
struct LocalizeResultEvent {
  std::string outputDir;
  std::string method;
  std::size_t boxes = 0;
  double threshold = 0.0;
  std::string thresholdSource;
  double seconds = 0.0;
  std::vector<std::string> warnings;
  long long networkEvaluations = 0;
};

/// A finished `load-model`.
struct ModelLoadedEvent {
  std::string method;
  std::string modelName;
  std::string modelSha256;
};

struct CancelledEvent {};
/// The answer to `ping`: the worker's reading thread is alive.
struct PongEvent {};

struct ErrorEvent {
  std::string message;
};

/// One event line: the id of the request it answers (none for `ready` and for an unreadable
/// request) and what happened.
struct WorkerEvent {
  using Body =
      std::variant<ReadyEvent, ProgressEvent, PreviewEvent, MethodsEvent, LocalizeResultEvent,
                   ModelLoadedEvent, CancelledEvent, PongEvent, ErrorEvent>;
  std::optional<std::string> id;
  Body body;
};

/// One compact JSON object, without the line's newline; invalid UTF-8 is replaced, never thrown.
std::string encodeEvent(const WorkerEvent& event);
/// Throws nothing: std::nullopt for a line that is not an event this protocol knows. Missing
/// fields read as their defaults.
std::optional<WorkerEvent> decodeEvent(const std::string& line);

/// The catalog alone as JSON text (`anomadiff-cli methods --json`).
std::string encodeCatalog(const MethodCatalogData& catalog, int indent = -1);

}  // namespace anomadiff::protocol
