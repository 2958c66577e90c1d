#include "engine/sampling/SamplerRegistry.h"

#include "common/Error.h"
#include "engine/sampling/DdimSampler.h"
#include "engine/sampling/DdpmSampler.h"
#include "engine/sampling/DpmSolver2Sampler.h"
#include "engine/sampling/HeunSampler.h"

namespace anomadiff::engine {
namespace {

template <typename Kind>
std::function<std::unique_ptr<Sampler>()> maker() {
  return [] { return std::make_unique<Kind>(); };
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

const std::vector<SamplerEntry>& SamplerRegistry::entries() {
  static const std::vector<SamplerEntry> table = {
      {"ddim", "DDIM, deterministic steps", maker<DdimSampler>()},
      {"ddpm", "DDPM ancestral", maker<DdpmSampler>()},
      {"heun", "Heun, second order, 2 calls per step", maker<HeunSampler>()},
      {"dpm-solver-2", "DPM-Solver-2, second order, 2 calls per step", maker<DpmSolver2Sampler>()},
  };
  return table;
}

std::vector<std::string> SamplerRegistry::names() {
  std::vector<std::string> names;
  for (const auto& entry : entries()) names.push_back(entry.name);
  return names;
}

const SamplerEntry& SamplerRegistry::byName(const std::string& name) {
  for (const auto& entry : entries()) {
    if (entry.name == name) return entry;
  }
  throw InvalidArgument("unknown sampler '" + name + "' (use " + joined(names()) + ")");
}

const SamplerEntry& SamplerRegistry::byIndex(int index) {
  if (index < 0 || index >= static_cast<int>(entries().size())) {
    throw InvalidArgument("sampler " + std::to_string(index) + " is not one of 0.." +
                          std::to_string(entries().size() - 1) + " (" + joined(names()) + ")");
  }
  return entries()[static_cast<std::size_t>(index)];
}

}  // namespace anomadiff::engine
