#pragma once

#include <nlohmann/json.hpp>

#include <mutex>
#include <ostream>
#include <string>

namespace anomadiff::cli {

/// The worker's side of the JSON-lines protocol (docs/ARCHITECTURE.md §3): one JSON object per line
/// on stdout, flushed at once so the GUI sees progress live. Thread-safe: the job thread reports
/// progress while the reader thread answers requests.
class WorkerEvents {
 public:
  explicit WorkerEvents(std::ostream& out) : m_out(out) {}

  void ready(const std::string& version);
  void progress(const nlohmann::json& id, int done, int total, const std::string& stage);
  void result(const nlohmann::json& id, const nlohmann::json& details);
  /// The answer to "methods": the catalog (MethodCatalog) with the request's id.
  void methods(const nlohmann::json& id, nlohmann::json catalog);
  /// A look at the current estimate of the pseudo-healthy image, written to `file`.
  void preview(const nlohmann::json& id, const std::string& file, int step);
  void cancelled(const nlohmann::json& id);
  void error(const nlohmann::json& id, const std::string& message);

 private:
  void emit(const nlohmann::json& event);

  std::mutex m_mutex;
  std::ostream& m_out;
};

}  // namespace anomadiff::cli
