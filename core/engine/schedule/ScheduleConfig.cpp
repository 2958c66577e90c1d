#include "engine/schedule/ScheduleConfig.h"

#include "common/Error.h"

#include <nlohmann/json.hpp>

namespace anomadiff::engine {

NoiseSchedule ScheduleConfig::build() const {
  switch (NoiseSchedule::kindFromName(type)) {
    case NoiseSchedule::Kind::Linear:
      return NoiseSchedule::linear(steps, betaStart, betaEnd);
    case NoiseSchedule::Kind::Cosine:
      return NoiseSchedule::cosine(steps);
  }
  throw InvalidArgument("unknown schedule '" + type + "'");
}

nlohmann::json ScheduleConfig::toJson() const {
  return {{"type", type}, {"steps", steps}, {"beta_start", betaStart}, {"beta_end", betaEnd}};
}

ScheduleConfig ScheduleConfig::fromJson(const nlohmann::json& json) {
  ScheduleConfig config;
  try {
    config.type = json.value("type", config.type);
    config.steps = json.value("steps", config.steps);
    config.betaStart = json.value("beta_start", config.betaStart);
    config.betaEnd = json.value("beta_end", config.betaEnd);
  } catch (const nlohmann::json::exception& error) {
    throw InvalidArgument(std::string("bad schedule in model description: ") + error.what());
  }
  config.build();  // validates
  return config;
}

}  // namespace anomadiff::engine
