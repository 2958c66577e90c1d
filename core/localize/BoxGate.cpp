#include "localize/BoxGate.h"

#include "common/Error.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace anomadiff {

double BoxGate::valueOf(Statistic statistic, const BoundingBox& box) {
  switch (statistic) {
    case Statistic::Mean:
      return box.score;
    case Statistic::Peak:
      return box.maxScore;
    case Statistic::Mass:
      return box.score * static_cast<double>(box.areaPx);
  }
  return box.score;
}

std::string BoxGate::nameOf(Statistic statistic) {
  switch (statistic) {
    case Statistic::Mean:
      return "mean";
    case Statistic::Peak:
      return "peak";
    case Statistic::Mass:
      return "mass";
  }
  return "mean";
}

BoxGate::Statistic BoxGate::statisticNamed(std::string_view name) {
  for (const Statistic statistic : kStatistics) {
    if (name == nameOf(statistic)) return statistic;
  }
  throw InvalidArgument("box statistic '" + std::string(name) + "' is not mean, peak or mass");
}

std::string BoxGate::toJson() const {
  // JSON has no infinity: the open gate's minimum is null.
  const nlohmann::json minimum = isOpen() ? nlohmann::json(nullptr) : nlohmann::json(m_minimum);
  return nlohmann::json{{"statistic", nameOf(m_statistic)}, {"minimum", minimum}}.dump();
}

BoxGate BoxGate::fromJson(std::string_view text) {
  try {
    const nlohmann::json json = nlohmann::json::parse(text);
    const Statistic statistic = statisticNamed(json.at("statistic").get<std::string>());
    const nlohmann::json& minimum = json.at("minimum");
    if (minimum.is_null()) return {statistic, -std::numeric_limits<double>::infinity()};
    return {statistic, minimum.get<double>()};
  } catch (const nlohmann::json::exception& error) {
    throw InvalidArgument(std::string("box gate JSON is invalid: ") + error.what());
  }
}

}  // namespace anomadiff
