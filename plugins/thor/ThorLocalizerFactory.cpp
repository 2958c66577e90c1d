#include "plugins/thor/ThorLocalizerFactory.h"

#include "plugins/thor/ThorLocalizer.h"

namespace anomadiff::plugins {

std::unique_ptr<Localizer> ThorLocalizerFactory::create() const {
  return std::make_unique<ThorLocalizer>();
}

}  // namespace anomadiff::plugins
