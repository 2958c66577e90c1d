#pragma once

#include "cli/MethodOptions.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>

namespace anomadiff::cli {

/// `anomadiff-cli bench pipeline`: one method end to end on one image, as `localize` runs it
/// (run::ModelSpaceAnalysis: the intake, the method at the parameters it picks — a whole volume's
/// own — and the map's level and slice consistency; files aside), measured in one run: wall time,
/// network evaluations per reconstruction (counted, not computed) and, for a method with a
/// guidance scale, the same job again with only s changed, which reuses the cached DDIM
/// encoding when the method encodes with DDIM.
class PipelineBenchmark {
 public:
  PipelineBenchmark(const MethodOptions& method, std::filesystem::path input)
      : m_method(method), m_input(std::move(input)) {}
  nlohmann::json run(std::ostream& out) const;

 private:
  const MethodOptions& m_method;
  std::filesystem::path m_input;
};

}  // namespace anomadiff::cli
