#include "worker/MethodCatalog.h"

#include <QJsonArray>

namespace anomadiff::gui {
namespace {

ParameterDescription parameterOf(const QJsonObject& json) {
  ParameterDescription parameter;
  parameter.name = json["name"].toString();
  parameter.label = json["label"].toString(parameter.name);
  parameter.help = json["help"].toString();
  parameter.minimum = json["minimum"].toDouble();
  parameter.maximum = json["maximum"].toDouble();
  parameter.defaultValue = json["default"].toDouble();
  parameter.isInteger = json["integer"].toBool();
  if (json.contains("volume_default")) parameter.volumeDefault = json["volume_default"].toDouble();
  return parameter;
}

MethodDescription methodOf(const QJsonObject& json) {
  MethodDescription method;
  method.name = json["name"].toString();
  method.summary = json["summary"].toString();
  method.needsModel = json["needs_model"].toBool();
  for (const auto& value : json["parameters"].toArray()) {
    const auto parameter = parameterOf(value.toObject());
    if (!parameter.name.isEmpty()) method.parameters.push_back(parameter);
  }
  const auto calibration = json["calibration"].toObject();
  for (auto it = calibration.begin(); it != calibration.end(); ++it) {
    if (it.value().isDouble()) method.calibration.insert(it.key(), it.value().toDouble());
  }
  return method;
}

}  // namespace

const ParameterDescription* MethodDescription::parameter(const QString& name) const {
  for (const auto& parameter : parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

MethodCatalog MethodCatalog::fromJson(const QJsonObject& event) {
  MethodCatalog catalog;
  for (const auto& value : event["methods"].toArray()) {
    auto method = methodOf(value.toObject());
    if (!method.name.isEmpty()) catalog.m_methods.push_back(std::move(method));
  }
  catalog.m_defaultMethod = event["default_method"].toString();
  if (catalog.method(catalog.m_defaultMethod) == nullptr && !catalog.m_methods.empty()) {
    catalog.m_defaultMethod = catalog.m_methods.front().name;
  }
  catalog.m_modelName = event["model_name"].toString();
  return catalog;
}

const MethodDescription* MethodCatalog::method(const QString& name) const {
  for (const auto& method : m_methods) {
    if (method.name == name) return &method;
  }
  return nullptr;
}

}  // namespace anomadiff::gui
