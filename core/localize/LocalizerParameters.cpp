#include "localize/LocalizerParameters.h"

#include "common/Error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace anomadiff {

LocalizerParameters LocalizerParameters::defaultsOf(const std::vector<ParameterSpec>& specs) {
  LocalizerParameters parameters;
  for (const auto& spec : specs) parameters.set(spec.name, spec.defaultValue);
  return parameters;
}

LocalizerParameters LocalizerParameters::withDefaults(
    const std::vector<ParameterSpec>& specs) const {
  LocalizerParameters merged = defaultsOf(specs);
  for (const auto& [name, value] : m_values) merged.set(name, value);
  return merged;
}

double LocalizerParameters::get(const std::string& name) const {
  const auto found = m_values.find(name);
  if (found == m_values.end()) throw InvalidArgument("parameter '" + name + "' is not set");
  return found->second;
}

int LocalizerParameters::getInt(const std::string& name) const {
  return static_cast<int>(std::lround(get(name)));
}

void LocalizerParameters::validate(const std::vector<ParameterSpec>& specs) const {
  for (const auto& [name, value] : m_values) {
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const ParameterSpec& s) { return s.name == name; });
    std::ostringstream problem;
    if (spec == specs.end()) {
      problem << "unknown parameter '" << name << "'";
    } else if (!std::isfinite(value) || value < spec->minimum || value > spec->maximum) {
      problem << "parameter " << name << "=" << value << " is outside " << spec->minimum << ".."
              << spec->maximum;
    } else if (spec->isInteger && std::floor(value) != value) {
      problem << "parameter " << name << "=" << value << " must be an integer";
    }
    if (!problem.str().empty()) throw InvalidArgument(problem.str());
  }
}

}  // namespace anomadiff
