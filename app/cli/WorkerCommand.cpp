#include "cli/WorkerCommand.h"

#include "cli/WorkerEvents.h"
#include "cli/WorkerSession.h"
#include "common/Version.h"
#include "engine/io/TorchRuntime.h"
#include "report/GuiApplicationScope.h"

#include <CLI/CLI.hpp>

#include <string>

namespace anomadiff::cli {

CLI::App* WorkerCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "worker", "Background process for the GUI: JSON-lines requests on stdin, events on stdout");
  c->add_option("--threads", m_threads, "LibTorch threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  return c;
}

int WorkerCommand::run(const CommandContext& context) const {
  std::istream& in = context.in;
  std::ostream& out = context.out;
  engine::TorchRuntime::setThreads(m_threads);
  // Jobs render report.pdf in their own thread; the application object it needs must be created
  // here, in the main thread, once (Qt refuses one made in another thread).
  const GuiApplicationScope gui;
  WorkerEvents events(out);
  // Ready only once the session is set up (stale preview folders of killed workers removed).
  WorkerSession session(events, m_threads);
  events.send(std::nullopt, protocol::ReadyEvent{kVersion});
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!session.handle(line)) break;
  }
  return 0;
}

}  // namespace anomadiff::cli
