#include "worker/MethodCatalog.h"

#include "protocol/WorkerEvent.h"

namespace anomadiff::gui {

MethodCatalog::MethodCatalog(protocol::MethodCatalogData data) : m_data(std::move(data)) {
  if (method(defaultMethod()) == nullptr && !m_data.methods.empty()) {
    m_data.defaultMethod = m_data.methods.front().name;
  }
}

MethodCatalog MethodCatalog::fromEventLine(const std::string& line) {
  const auto event = protocol::decodeEvent(line);
  if (!event) return {};
  const auto* methods = std::get_if<protocol::MethodsEvent>(&event->body);
  return methods != nullptr ? MethodCatalog(methods->catalog) : MethodCatalog();
}

const MethodDescription* MethodCatalog::method(const QString& name) const {
  const std::string wanted = name.toStdString();
  for (const auto& candidate : m_data.methods) {
    if (candidate.name == wanted) return &candidate;
  }
  return nullptr;
}

}  // namespace anomadiff::gui
