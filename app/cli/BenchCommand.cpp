#include "cli/BenchCommand.h"

#include "cli/PipelineBenchmark.h"
#include "common/TextFileWriter.h"
#include "run/InstallLayout.h"

#include <CLI/CLI.hpp>

namespace anomadiff::cli {

CLI::App* BenchCommand::addTo(CLI::App& app) {
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

  m_pipelineCommand = bench->add_subcommand(
      "pipeline",
      "One method end to end on one image: time, network evaluations, and the same job with "
      "only s changed (encode cache)");
  m_input = run::InstallLayout::exampleImage();
  m_pipelineCommand->add_option("--input", m_input, "Image to localize (default: the example)")
      ->capture_default_str();
  m_method.addTo(*m_pipelineCommand);
  m_pipelineCommand->add_option("--json", m_json, "Also write the numbers as JSON");
  return bench;
}

int BenchCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  const auto report = m_pipelineCommand->parsed() ? PipelineBenchmark(m_method, m_input).run(out)
                                                  : EngineBenchmark(m_engine).run(out);
  if (m_json) TextFileWriter().write(*m_json, report.dump(2) + "\n");
  return 0;
}

}  // namespace anomadiff::cli
