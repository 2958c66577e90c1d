#include "run/RunProvenance.h"

#include "common/Version.h"
#include "engine/io/TorchRuntime.h"

#include <chrono>
#include <ctime>

namespace anomadiff::run {

std::string RunProvenance::utcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

Provenance RunProvenance::of(const PreparedMethod& method, const std::string& input) {
  Provenance provenance;
  provenance.appVersion = kVersion;
  provenance.method = method.localizer->name();
  provenance.modelName = method.localizer->modelName();
  provenance.modelHash = method.localizer->modelHash();
  provenance.parameters = method.parameters.withDefaults(method.localizer->parameters()).values();
  provenance.threads = engine::TorchRuntime::threads();
  provenance.input = input;
  provenance.createdUtc = utcNow();
  return provenance;
}

}  // namespace anomadiff::run
