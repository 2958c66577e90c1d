#include "run/TrainingRequest.h"

#include "common/Error.h"

#include <string>

namespace anomadiff::run {

void TrainingRequest::validate() const {
  if (kind() == "healthy_denoiser" && !unconditional) {
    throw InvalidArgument("--slot healthy_denoiser needs --unconditional (healthy slices only)");
  }
  if (steps < 1) throw InvalidArgument("--steps " + std::to_string(steps) + " is not >= 1");
  if (channels < 1) {
    throw InvalidArgument("--channels " + std::to_string(channels) + " is not >= 1");
  }
  if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
    throw InvalidArgument("--validation-fraction " + std::to_string(validationFraction) +
                          " is outside [0, 1)");
  }
}

}  // namespace anomadiff::run
