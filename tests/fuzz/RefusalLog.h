#pragma once

#include <exception>

namespace anomadiff::fuzz {

/// Prints why a harness's input was refused when ANOMADIFF_FUZZ_VERBOSE is set, and nothing
/// otherwise (a fuzzer refuses thousands of inputs a second). For checking that the seeds are
/// accepted and for reading what a reproducer does: `ANOMADIFF_FUZZ_VERBOSE=1 fuzz_x FILE`.
class RefusalLog {
 public:
  static void note(const std::exception& refusal);
  static void note(const char* reason);
  /// The input was accepted (printed only when verbose too).
  static void accepted();
};

}  // namespace anomadiff::fuzz
