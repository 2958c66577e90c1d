#pragma once

#include "cli/Command.h"

#include <istream>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli worker [--threads N]`: the GUI's background process. Reads requests as JSON
/// lines on stdin — {"id", "cmd": "localize" | "load-model" | "cancel" | "quit", ...} — and
/// writes events as JSON lines on stdout: "ready" once, then per job "progress" (done, total,
/// stage), "result" (output folder, boxes, threshold, seconds, network evaluations),
/// "cancelled" or "error" (message). A bad request gets an error event; the worker goes on.
/// End of input ends the worker after cancelling the running job.
class WorkerCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  int m_threads = 0;
};

}  // namespace anomadiff::cli
