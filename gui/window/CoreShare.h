#pragma once

#include <QObject>

namespace anomadiff::gui {

class LocalizationController;
class SweepRunner;

/// The interactive worker and the sweep worker run in separate processes; each taking every
/// core would make both slower than either alone (two LibTorch pools fighting over the cores).
/// The sweep, a background task, always gets half the cores (at least one); the reader's job
/// gets the rest while a sweep runs and every core otherwise. Shares are sent with each job
/// (LocalizeCommand::threads), so they follow the sweep starting and stopping.
class CoreShare : public QObject {
  Q_OBJECT

 public:
  /// `cores`: the threads configured for the engine (0: one per core).
  CoreShare(int cores, LocalizationController* interactive, SweepRunner* sweep,
            QObject* parent = nullptr);

  static int sweepShare(int cores);
  static int interactiveShare(int cores, bool sweepRunning);

 private:
  void follow(bool sweepRunning);

  int m_cores;
  LocalizationController* m_interactive;
};

}  // namespace anomadiff::gui
