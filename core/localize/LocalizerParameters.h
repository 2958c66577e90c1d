#pragma once

#include "protocol/ParameterSpec.h"

#include <map>
#include <string>
#include <vector>

namespace anomadiff {

/// The one parameter object a method's run() takes: named numeric values (L, s, N, K, seed and
/// method options), starting from the method's defaults.
class LocalizerParameters {
 public:
  static LocalizerParameters defaultsOf(const std::vector<ParameterSpec>& specs);

  /// These values on top of the specs' defaults (what run() should use).
  LocalizerParameters withDefaults(const std::vector<ParameterSpec>& specs) const;

  void set(const std::string& name, double value) { m_values[name] = value; }
  bool has(const std::string& name) const { return m_values.count(name) != 0; }
  /// Throws InvalidArgument naming the missing parameter.
  double get(const std::string& name) const;
  int getInt(const std::string& name) const;
  const std::map<std::string, double>& values() const { return m_values; }

  /// Throws InvalidArgument naming the first value that is unknown, not finite, not an integer
  /// where one is needed, or out of its range.
  void validate(const std::vector<ParameterSpec>& specs) const;

 private:
  std::map<std::string, double> m_values;
};

}  // namespace anomadiff
