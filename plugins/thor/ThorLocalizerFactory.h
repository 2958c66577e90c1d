#pragma once

#include "localize/LocalizerFactory.h"

#include <QObject>

namespace anomadiff::plugins {

/// Creates the `thor` method (ThorLocalizer).
class ThorLocalizerFactory final : public QObject, public LocalizerFactory {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID ANOMADIFF_LOCALIZER_FACTORY_IID FILE "thor.json")
  Q_INTERFACES(anomadiff::LocalizerFactory)

 public:
  std::unique_ptr<Localizer> create() const override;
};

}  // namespace anomadiff::plugins
