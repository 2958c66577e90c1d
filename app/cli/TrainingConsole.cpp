#include "cli/TrainingConsole.h"

#include <unistd.h>

#include <cstdio>

namespace anomadiff::cli {
namespace {

constexpr std::size_t kLossWindow = 100;
constexpr double kLogIntervalSeconds = 10.0;

std::string durationText(double seconds) {
  char text[32];
  const long total = static_cast<long>(seconds + 0.5);
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total % 3600) / 60);
  } else {
    std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  }
  return text;
}

}  // namespace

TrainingConsole::TrainingConsole(std::ostream& out, int totalSteps, int firstStep, bool quiet)
    : m_out(out),
      m_totalSteps(totalSteps),
      m_firstStep(firstStep),
      m_quiet(quiet),
      m_interactive(::isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()),
      m_lastPrint(m_start) {}

void TrainingConsole::onStep(const engine::TrainingStep& step) {
  m_recent.push_back(step.loss);
  m_recentSum += step.loss;
  if (m_recent.size() > kLossWindow) {
    m_recentSum -= m_recent.front();
    m_recent.pop_front();
  }
  if (m_quiet) return;
  const auto now = std::chrono::steady_clock::now();
  const bool last = step.step >= m_totalSteps;
  if (!m_interactive && !last &&
      std::chrono::duration<double>(now - m_lastPrint).count() < kLogIntervalSeconds) {
    return;
  }
  m_lastPrint = now;
  const double session = std::chrono::duration<double>(now - m_start).count();
  // Steps of this session only: a resumed run's earlier wall time says nothing about now.
  const double rate = session > 0.0 ? (step.step - m_firstStep) / session : 0.0;
  const double eta = rate > 0.0 ? (m_totalSteps - step.step) / rate : 0.0;
  char line[160];
  std::snprintf(line, sizeof line, "step %d/%d  loss %.4f  %.2f steps/s  %.2f s/step  ETA %s",
                step.step, m_totalSteps, m_recentSum / static_cast<double>(m_recent.size()), rate,
                rate > 0.0 ? 1.0 / rate : 0.0, durationText(eta).c_str());
  m_out << (m_interactive ? "\r" : "") << line << (m_interactive && !last ? "  " : "\n")
        << std::flush;
}

}  // namespace anomadiff::cli
