#pragma once

#include <map>
#include <string>

namespace anomadiff {

/// What produced a result; every export carries it so a finding can be reproduced.
struct Provenance {
  std::string appVersion;
  std::string method;
  std::string modelName;
  std::string modelHash;  ///< sha256 of the denoiser weights ("" for model-free methods)
  std::map<std::string, double> parameters;  ///< L, s, N, steps, seed and method options
  int threads = 1;
  std::string input;       ///< input file as given
  std::string createdUtc;  ///< ISO 8601
};

}  // namespace anomadiff
