#include "cli/WorkerEvents.h"

namespace anomadiff::cli {

void WorkerEvents::ready(const std::string& version) {
  emit({{"event", "ready"}, {"version", version}});
}

void WorkerEvents::progress(const nlohmann::json& id, int done, int total,
                            const std::string& stage) {
  emit({{"id", id}, {"event", "progress"}, {"done", done}, {"total", total}, {"stage", stage}});
}

void WorkerEvents::result(const nlohmann::json& id, const nlohmann::json& details) {
  nlohmann::json event = details;
  event["id"] = id;
  event["event"] = "result";
  emit(event);
}

void WorkerEvents::methods(const nlohmann::json& id, nlohmann::json catalog) {
  catalog["id"] = id;
  catalog["event"] = "methods";
  emit(catalog);
}

void WorkerEvents::preview(const nlohmann::json& id, const std::string& file, int step) {
  emit({{"id", id}, {"event", "preview"}, {"file", file}, {"step", step}});
}

void WorkerEvents::cancelled(const nlohmann::json& id) {
  emit({{"id", id}, {"event", "cancelled"}});
}

void WorkerEvents::error(const nlohmann::json& id, const std::string& message) {
  emit({{"id", id}, {"event", "error"}, {"message", message}});
}

void WorkerEvents::emit(const nlohmann::json& event) {
  const std::lock_guard lock(m_mutex);
  // Invalid UTF-8 in a path must not kill the worker: replace it instead of throwing.
  m_out << event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  m_out.flush();
}

}  // namespace anomadiff::cli
