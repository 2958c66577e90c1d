#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

namespace anomadiff::cli {

/// `anomadiff-cli bench engine`: measures, in one run on this machine, the UNet forward pass,
/// the achieved GFLOP/s against a large 3×3 convolution, DDIM reconstruction times for several
/// step counts, and a batched against a sequential ensemble. Prints a table and returns the
/// numbers as JSON. Speed is never asserted in tests; it is reported here as ratios.
class EngineBenchmark {
 public:
  struct Options {
    int threads = 0;
    int baseChannels = 32;
    int repeats = 5;
    bool quick = false;  ///< fewer sizes and repeats, for smoke tests
  };

  explicit EngineBenchmark(Options options) : m_options(options) {}
  nlohmann::json run(std::ostream& out) const;

 private:
  Options m_options;
};

}  // namespace anomadiff::cli
