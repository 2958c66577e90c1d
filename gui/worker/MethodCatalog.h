#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

#include <vector>

namespace anomadiff::gui {

/// One parameter as a method describes it (ParameterSpec in core), with the bundle's default.
struct ParameterDescription {
  QString name;  ///< request key, e.g. "noise-level"
  QString label;
  QString help;
  double minimum = 0.0;
  double maximum = 1.0;
  double defaultValue = 0.0;
  /// The bundle's value for whole volumes, used when a request leaves the parameter out.
  std::optional<double> volumeDefault;
  bool isInteger = false;
};

struct MethodDescription {
  QString name;
  QString summary;
  bool needsModel = false;
  std::vector<ParameterDescription> parameters;
  /// Calibrated thresholds of the bundle for this method ("fpr_1", "fpr_5", "peak_5").
  QMap<QString, double> calibration;

  const ParameterDescription* parameter(const QString& name) const;
};

/// The worker's answer to "methods" (app/cli/MethodCatalog): what the parameter panel is built
/// from. The GUI cannot load the method plugins itself (they link LibTorch), so this is its only
/// source of names, ranges and the bundle's defaults.
class MethodCatalog {
 public:
  /// Throws nothing: entries without a name are skipped, missing numbers fall back to 0.
  static MethodCatalog fromJson(const QJsonObject& event);

  const std::vector<MethodDescription>& methods() const { return m_methods; }
  const MethodDescription* method(const QString& name) const;
  QString defaultMethod() const { return m_defaultMethod; }
  QString modelName() const { return m_modelName; }
  bool isEmpty() const { return m_methods.empty(); }

 private:
  std::vector<MethodDescription> m_methods;
  QString m_defaultMethod;
  QString m_modelName;
};

}  // namespace anomadiff::gui
