#pragma once

#include "engine/schedule/NoiseSchedule.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace anomadiff::engine {

/// The diffusion schedule as a bundle's model.json and the CLI describe it.
struct ScheduleConfig {
  std::string type = "linear";  ///< "linear" or "cosine"
  int steps = 1000;             ///< T
  double betaStart = 1e-4;      ///< linear only
  double betaEnd = 0.02;        ///< linear only

  /// Throws InvalidArgument naming a bad type, T or β.
  NoiseSchedule build() const;
  nlohmann::json toJson() const;
  static ScheduleConfig fromJson(const nlohmann::json& json);
};

}  // namespace anomadiff::engine
