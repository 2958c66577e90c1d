#include "plugins/intensity/IntensityLocalizerFactory.h"

#include "plugins/intensity/IntensityLocalizer.h"

namespace anomadiff::plugins {

std::unique_ptr<Localizer> IntensityLocalizerFactory::create() const {
  return std::make_unique<IntensityLocalizer>();
}

}  // namespace anomadiff::plugins
