#include "cli/BenchCommand.h"

#include "common/TextFileWriter.h"

#include <CLI/CLI.hpp>

namespace anomadiff::cli {

void BenchCommand::addTo(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Measure speed on this machine (ratios from one run)");
  bench->require_subcommand(1);
  auto* engine = bench->add_subcommand(
      "engine", "UNet forward, GFLOP/s vs a 3x3 conv, DDIM reconstruction, ensembles");
  engine->add_option("--threads", m_engine.threads, "LibTorch threads (0: one per core)")
      ->capture_default_str();
  engine->add_option("--channels", m_engine.baseChannels, "UNet base channels")
      ->capture_default_str();
  engine->add_option("--repeats", m_engine.repeats, "timed repeats per measurement (median)")
      ->capture_default_str();
  engine->add_flag("--quick", m_engine.quick, "One size, one repeat (smoke test)");
  engine->add_option("--json", m_json, "Also write the numbers as JSON");
}

int BenchCommand::run(std::ostream& out) const {
  const auto report = EngineBenchmark(m_engine).run(out);
  if (m_json) TextFileWriter().write(*m_json, report.dump(2) + "\n");
  return 0;
}

}  // namespace anomadiff::cli
