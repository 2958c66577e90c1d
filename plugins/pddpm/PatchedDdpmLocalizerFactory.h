#pragma once

#include "localize/LocalizerFactory.h"

#include <QObject>

namespace anomadiff::plugins {

/// Creates the `pddpm` method (PatchedDdpmLocalizer).
class PatchedDdpmLocalizerFactory final : public QObject, public LocalizerFactory {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID ANOMADIFF_LOCALIZER_FACTORY_IID FILE "pddpm.json")
  Q_INTERFACES(anomadiff::LocalizerFactory)

 public:
  std::unique_ptr<Localizer> create() const override;
};

}  // namespace anomadiff::plugins
