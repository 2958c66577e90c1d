#include "cli/SystemCommand.h"

#include "common/Version.h"
#include "engine/io/TorchRuntime.h"
#include "run/InstallLayout.h"

#include <CLI/CLI.hpp>

namespace anomadiff::cli {

CLI::App* SystemCommand::addTo(CLI::App& app) {
  auto* command = app.add_subcommand("system", "Print version, threads, BLAS and plugin folder");
  command->add_option("--threads", m_threads, "LibTorch intra-op threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  return command;
}

int SystemCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  engine::TorchRuntime::setThreads(m_threads);
  const std::string blas = engine::TorchRuntime::blasName();
  out << "version:  " << kVersion << "\n"
      << "threads:  " << engine::TorchRuntime::threads() << "\n"
      << "blas:     " << blas << "\n"
      << "plugins:  " << run::InstallLayout::pluginFolder().string() << "\n";
  if (engine::TorchRuntime::isReferenceBlas()) {
    out << "warning: LibTorch uses the reference BLAS, 3.5-4x slower; install "
           "libopenblas0-openmp\n";
  }
  return 0;
}

}  // namespace anomadiff::cli
