#pragma once

#include "common/ProgressSink.h"

#include <chrono>
#include <ostream>

namespace anomadiff::cli {

/// A one-line progress bar on stderr ("denoise  12/25  48%  3.1 s"), redrawn in place on a
/// terminal and printed every 10 % otherwise, so logs stay short.
class ConsoleProgress final : public ProgressSink {
 public:
  explicit ConsoleProgress(std::ostream& out, bool quiet = false);
  void progress(int done, int total, std::string_view stage) override;

 private:
  std::ostream& m_out;
  bool m_quiet;
  bool m_interactive;
  int m_lastDecile = -1;
  std::chrono::steady_clock::time_point m_start;
};

}  // namespace anomadiff::cli
