#include "cli/WorkerEvents.h"

namespace anomadiff::cli {

void WorkerEvents::send(const Id& id, protocol::WorkerEvent::Body body) {
  const std::string line = protocol::encodeEvent({id, std::move(body)});
  const std::lock_guard lock(m_mutex);
  m_out << line << "\n";
  m_out.flush();
}

}  // namespace anomadiff::cli
