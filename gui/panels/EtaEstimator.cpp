#include "panels/EtaEstimator.h"

#include <cmath>

namespace anomadiff::gui {

void EtaEstimator::start() {
  m_clock.start();
  m_firstDone.reset();
  m_firstSeconds = 0.0;
}

std::optional<double> EtaEstimator::update(int done, int total) {
  return update(done, total, m_clock.isValid() ? m_clock.elapsed() / 1000.0 : 0.0);
}

std::optional<double> EtaEstimator::update(int done, int total, double elapsedSeconds) {
  if (!m_firstDone) {
    m_firstDone = done;
    m_firstSeconds = elapsedSeconds;
    return std::nullopt;
  }
  const int units = done - *m_firstDone;
  const double seconds = elapsedSeconds - m_firstSeconds;
  if (units <= 0 || seconds <= 0.0) return std::nullopt;
  return std::max(0, total - done) * seconds / units;
}

QString EtaEstimator::format(double seconds) {
  const long long whole = std::llround(std::max(0.0, seconds));
  if (whole < 60) return QStringLiteral("%1 s").arg(whole);
  return QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60);
}

}  // namespace anomadiff::gui
