#include "engine/schedule/ScheduleConfig.h"

#include "common/Error.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cstdint>

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
    // nlohmann converts a float to int without a range check (undefined behaviour for 1e20)
    // and narrows a wider integer silently.
    if (json.contains("steps")) {
      const auto& steps = json["steps"];
      if (!steps.is_number_integer() || steps.get<std::int64_t>() < INT_MIN ||
          steps.get<std::int64_t>() > INT_MAX) {
        throw InvalidArgument("schedule 'steps' must be an integer, not " + steps.dump());
      }
    }
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
