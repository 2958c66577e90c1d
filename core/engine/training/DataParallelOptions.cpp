#include "engine/training/DataParallelOptions.h"

#include "common/Error.h"

#include <cstdlib>

namespace anomadiff::engine {
namespace {

int parseInteger(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value >= 0 && value <= 1'000'000) return static_cast<int>(value);
  } catch (const std::exception&) {
  }
  throw InvalidArgument(what + " '" + text + "' is not a non-negative integer");
}

}  // namespace

void DataParallelOptions::validate() const {
  if (worldSize < 1) throw InvalidArgument("--world-size must be at least 1");
  if (rank < 0 || rank >= worldSize) {
    throw InvalidArgument("--rank " + std::to_string(rank) + " is outside 0.." +
                          std::to_string(worldSize - 1) + " (--world-size " +
                          std::to_string(worldSize) + ")");
  }
  if (host.empty()) throw InvalidArgument("--store has no host");
  if (port < 1 || port > 65535) {
    throw InvalidArgument("--store port " + std::to_string(port) + " is outside 1..65535");
  }
  if (timeout.count() <= 0) throw InvalidArgument("--group-timeout must be positive");
}

void DataParallelOptions::setStore(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw InvalidArgument("--store '" + text + "' is not HOST:PORT");
  }
  std::string name = text.substr(0, colon);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  host = name;
  port = parseInteger(text.substr(colon + 1), "--store port in '" + text + "':");
}

void DataParallelOptions::readEnvironment() {
  const auto variable = [](const char* name) -> const char* { return std::getenv(name); };
  if (const char* value = variable("WORLD_SIZE")) worldSize = parseInteger(value, "WORLD_SIZE");
  if (const char* value = variable("RANK")) rank = parseInteger(value, "RANK");
  if (const char* value = variable("MASTER_ADDR")) host = value;
  if (const char* value = variable("MASTER_PORT")) port = parseInteger(value, "MASTER_PORT");
}

}  // namespace anomadiff::engine
