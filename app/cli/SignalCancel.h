#pragma once

#include "common/CancelToken.h"

#include <csignal>

namespace anomadiff::cli {

/// While alive, SIGINT (Ctrl-C) and SIGTERM cancel `token` instead of killing the process, so a
/// long job can stop at its next check and save its state. A second signal while the first is
/// being handled ends the process the default way. One instance at a time.
class SignalCancel {
 public:
  explicit SignalCancel(CancelToken token);
  ~SignalCancel();
  SignalCancel(const SignalCancel&) = delete;
  SignalCancel& operator=(const SignalCancel&) = delete;

 private:
  static void handle(int signal);

  CancelToken m_token;
  struct sigaction m_previousInterrupt {};
  struct sigaction m_previousTerminate {};
};

}  // namespace anomadiff::cli
