#include "engine/sampling/Sampler.h"

#include "common/Error.h"
#include "engine/sampling/DdimSampler.h"
#include "engine/sampling/DdpmSampler.h"
#include "engine/sampling/HeunSampler.h"

#include <cmath>

namespace anomadiff::engine {

Sampler::Kind Sampler::kindFromName(const std::string& name) {
  if (name == "ddpm") return Kind::Ddpm;
  if (name == "ddim") return Kind::Ddim;
  if (name == "heun") return Kind::Heun;
  throw InvalidArgument("unknown sampler '" + name + "' (use ddpm, ddim or heun)");
}

std::unique_ptr<Sampler> Sampler::create(Kind kind) {
  switch (kind) {
    case Kind::Ddpm:
      return std::make_unique<DdpmSampler>();
    case Kind::Ddim:
      return std::make_unique<DdimSampler>();
    case Kind::Heun:
      return std::make_unique<HeunSampler>();
  }
  throw InvalidArgument("unknown sampler kind");
}

double alphaBarAt(const NoiseSchedule& schedule, int t) {
  return t < 0 ? 1.0 : schedule.alphaBar(t);
}

torch::Tensor predictCleanImage(const torch::Tensor& x, const torch::Tensor& epsilon,
                                double alphaBar) {
  return (x - std::sqrt(1.0 - alphaBar) * epsilon) / std::sqrt(alphaBar);
}

}  // namespace anomadiff::engine
