#include "plugins/autoddpm/AutoDdpmLocalizerFactory.h"

#include "plugins/autoddpm/AutoDdpmLocalizer.h"

namespace anomadiff::plugins {

std::unique_ptr<Localizer> AutoDdpmLocalizerFactory::create() const {
  return std::make_unique<AutoDdpmLocalizer>();
}

}  // namespace anomadiff::plugins
