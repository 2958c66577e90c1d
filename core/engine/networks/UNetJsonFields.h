#pragma once

#include "common/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace anomadiff::engine {

/// Reads the fields of a network config from JSON with type checks, for UNetConfig and
/// NoisyClassifierNetConfig. Missing keys keep the caller's default; a wrong type or an
/// unknown key (a typo would otherwise be ignored silently) throws InvalidArgument naming it.
class UNetJsonFields {
 public:
  UNetJsonFields(const nlohmann::json& json, std::string what)
      : m_json(json), m_what(std::move(what)) {
    if (!m_json.is_object()) throw InvalidArgument(m_what + " is not a JSON object");
  }

  void read(const char* key, int& value) {
    if (const auto* field = find(key)) {
      if (!field->is_number_integer()) fail(key, "an integer");
      const auto wide = field->get<std::int64_t>();
      if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
        fail(key, "an integer in the int range");
      }
      value = static_cast<int>(wide);
    }
  }
  void read(const char* key, double& value) {
    if (const auto* field = find(key)) {
      if (!field->is_number()) fail(key, "a number");
      value = field->get<double>();
    }
  }
  void read(const char* key, bool& value) {
    if (const auto* field = find(key)) {
      if (!field->is_boolean()) fail(key, "true or false");
      value = field->get<bool>();
    }
  }
  void read(const char* key, std::string& value) {
    if (const auto* field = find(key)) {
      if (!field->is_string()) fail(key, "a string");
      value = field->get<std::string>();
    }
  }
  void read(const char* key, std::vector<int>& value) {
    if (const auto* field = find(key)) {
      if (!field->is_array()) fail(key, "an array of integers");
      std::vector<int> result;
      for (const auto& item : *field) {
        if (!item.is_number_integer() || std::fabs(item.get<double>()) > (1 << 20)) {
          fail(key, "an array of integers");
        }
        result.push_back(item.get<int>());
      }
      value = std::move(result);
    }
  }
  /// Throws for the first key that no read() asked for.
  void rejectUnknownKeys() const {
    for (const auto& item : m_json.items()) {
      if (m_seen.count(item.key()) == 0) {
        throw InvalidArgument(m_what + " has unknown key '" + item.key() + "'");
      }
    }
  }

 private:
  const nlohmann::json* find(const char* key) {
    m_seen.insert(key);
    const auto found = m_json.find(key);
    return found == m_json.end() ? nullptr : &*found;
  }
  [[noreturn]] void fail(const char* key, const char* expected) const {
    throw InvalidArgument(m_what + " key '" + key + "' must be " + expected + ", got " +
                          m_json.at(key).dump());
  }

  const nlohmann::json& m_json;
  std::string m_what;
  std::set<std::string> m_seen;
};

}  // namespace anomadiff::engine
