#pragma once

#include "engine/training/TrainingOptions.h"

#include <chrono>
#include <deque>
#include <ostream>

namespace anomadiff::cli {

/// The training progress line: "step 120/3000  loss 0.0412  0.58 steps/s  ETA 1h22m". Redrawn
/// in place every step on a terminal, printed every 10 s (and at the end) otherwise so logs of
/// a 90-minute run stay readable. The loss is the mean of the last 100 steps.
class TrainingConsole {
 public:
  TrainingConsole(std::ostream& out, int totalSteps, int firstStep, bool quiet);
  void onStep(const engine::TrainingStep& step);

 private:
  std::ostream& m_out;
  int m_totalSteps;
  int m_firstStep;
  bool m_quiet;
  bool m_interactive;
  std::deque<double> m_recent;
  double m_recentSum = 0.0;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_lastPrint;
};

}  // namespace anomadiff::cli
