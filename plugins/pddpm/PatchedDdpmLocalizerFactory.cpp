#include "plugins/pddpm/PatchedDdpmLocalizerFactory.h"

#include "plugins/pddpm/PatchedDdpmLocalizer.h"

namespace anomadiff::plugins {

std::unique_ptr<Localizer> PatchedDdpmLocalizerFactory::create() const {
  return std::make_unique<PatchedDdpmLocalizer>();
}

}  // namespace anomadiff::plugins
