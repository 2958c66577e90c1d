#pragma once

#include <QElapsedTimer>
#include <QString>

#include <optional>

namespace anomadiff::gui {

/// Remaining time of a job from its progress so far: the rate since the first report, so a
/// slow first step (model load, a cached encoding reported in one jump) does not skew it.
class EtaEstimator {
 public:
  void start();
  /// Seconds left after `done` of `total` units at `elapsedSeconds` since start(); nullopt until
  /// two reports have shown a rate.
  std::optional<double> update(int done, int total, double elapsedSeconds);
  /// The same with the clock started by start().
  std::optional<double> update(int done, int total);

  /// "12 s", "3 min 5 s".
  static QString format(double seconds);

 private:
  QElapsedTimer m_clock;
  std::optional<int> m_firstDone;
  double m_firstSeconds = 0.0;
};

}  // namespace anomadiff::gui
