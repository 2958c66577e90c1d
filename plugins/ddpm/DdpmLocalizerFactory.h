#pragma once

#include "localize/LocalizerFactory.h"

#include <QObject>

namespace anomadiff::plugins {

/// Creates the `ddpm` method: a ReconstructionLocalizer with this method's recipe.
class DdpmLocalizerFactory final : public QObject, public LocalizerFactory {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID ANOMADIFF_LOCALIZER_FACTORY_IID FILE "ddpm.json")
  Q_INTERFACES(anomadiff::LocalizerFactory)

 public:
  std::unique_ptr<Localizer> create() const override;
};

}  // namespace anomadiff::plugins
