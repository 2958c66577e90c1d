#pragma once

#include <optional>
#include <string>

namespace anomadiff::run {

/// The number `text` spells in full ("0.3", "1e-2", "nan"), or nullopt when any character is
/// left over or nothing parses. Callers decide whether non-finite values are acceptable.
inline std::optional<double> parseNumber(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace anomadiff::run
