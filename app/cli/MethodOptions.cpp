#include "cli/MethodOptions.h"

#include <CLI/CLI.hpp>

#include <utility>

namespace anomadiff::cli {

void MethodOptions::addTo(CLI::App& command) {
  command.add_option("--method", m_method,
                     "Localization method (see `methods`; default: the bundle's default)");
  command.add_option("--model", m_model, "Model bundle folder (default: the embedded bundle)");
  command.add_option("--noise-level,-L", m_noiseLevel, "Noise level L (0 < L < T)");
  command.add_option("--guidance-scale,-s", m_guidanceScale, "Guidance scale s (or weight w)");
  command.add_option("--ensemble,-N", m_ensemble, "Ensemble members N");
  command.add_option("--steps,-K", m_steps, "Denoising steps K");
  command.add_option("--seed", m_seed, "Random seed");
  command.add_option("--set", m_settings, "Other method parameter, NAME=VALUE (repeatable)");
  command.add_option("--threads", m_threads, "LibTorch threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

run::MethodRequest MethodOptions::request() const {
  run::MethodRequest request{m_method, m_model, {}, {}};
  const std::pair<const char*, const std::optional<double>*> fixed[] = {
      {"noise-level", &m_noiseLevel},
      {"guidance-scale", &m_guidanceScale},
      {"ensemble", &m_ensemble},
      {"steps", &m_steps},
      {"seed", &m_seed}};
  for (const auto& [name, value] : fixed) {
    if (*value) request.given.set(name, **value);
  }
  for (const auto& setting : m_settings) request.addSetting(setting);
  return request;
}

run::PreparedMethod MethodOptions::prepare() const {
  return run::MethodSetup::prepare(request());
}

}  // namespace anomadiff::cli
