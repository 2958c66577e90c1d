#include "window/CoreShare.h"

#include "sweep/SweepRunner.h"
#include "window/LocalizationController.h"

#include <QThread>

#include <algorithm>

namespace anomadiff::gui {

CoreShare::CoreShare(int cores, LocalizationController* interactive, SweepRunner* sweep,
                     QObject* parent)
    : QObject(parent),
      m_cores(cores > 0 ? cores : std::max(1, QThread::idealThreadCount())),
      m_interactive(interactive) {
  sweep->setThreads(sweepShare(m_cores));
  follow(sweep->isRunning());
  connect(sweep, &SweepRunner::cellStarted, this, [this] { follow(true); });
  for (auto ended : {&SweepRunner::finished, &SweepRunner::cancelled}) {
    connect(sweep, ended, this, [this] { follow(false); });
  }
}

int CoreShare::sweepShare(int cores) {
  return std::max(1, cores / 2);
}

int CoreShare::interactiveShare(int cores, bool sweepRunning) {
  return sweepRunning ? std::max(1, cores - cores / 2) : cores;
}

void CoreShare::follow(bool sweepRunning) {
  m_interactive->setThreads(interactiveShare(m_cores, sweepRunning));
}

}  // namespace anomadiff::gui
