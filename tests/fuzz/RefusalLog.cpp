#include "RefusalLog.h"

#include <cstdio>
#include <cstdlib>

namespace anomadiff::fuzz {
namespace {

bool verbose() {
  static const bool enabled = std::getenv("ANOMADIFF_FUZZ_VERBOSE") != nullptr;
  return enabled;
}

}  // namespace

void RefusalLog::note(const std::exception& refusal) {
  if (verbose()) std::fprintf(stderr, "refused: %s\n", refusal.what());
}

void RefusalLog::note(const char* reason) {
  if (verbose()) std::fprintf(stderr, "refused: %s\n", reason);
}

void RefusalLog::accepted() {
  if (verbose()) std::fprintf(stderr, "accepted\n");
}

}  // namespace anomadiff::fuzz
