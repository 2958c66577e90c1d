#pragma once

#include "protocol/MethodCatalogData.h"

#include <QString>

#include <vector>

namespace anomadiff::gui {

/// One parameter as the catalog states it (protocol/MethodCatalogData.h).
using ParameterDescription = protocol::CatalogParameter;
using MethodDescription = protocol::CatalogMethod;

/// The worker's answer to "methods" (protocol::MethodsEvent): what the parameter panel is built
/// from. The GUI cannot load the method plugins itself (they link LibTorch), so this is its only
/// source of names, ranges and the bundle's defaults.
class MethodCatalog {
 public:
  MethodCatalog() = default;
  /// The default method falls back to the first method when the catalog does not list it.
  explicit MethodCatalog(protocol::MethodCatalogData data);
  /// Parses a `methods` event line (tests and tools); an unreadable line gives an empty catalog.
  static MethodCatalog fromEventLine(const std::string& line);

  const std::vector<MethodDescription>& methods() const { return m_data.methods; }
  const MethodDescription* method(const QString& name) const;
  QString defaultMethod() const { return QString::fromStdString(m_data.defaultMethod); }
  QString modelName() const { return QString::fromStdString(m_data.modelName); }
  bool isEmpty() const { return m_data.methods.empty(); }

 private:
  protocol::MethodCatalogData m_data;
};

}  // namespace anomadiff::gui
