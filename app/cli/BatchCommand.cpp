#include "cli/BatchCommand.h"

#include "cli/SignalCancel.h"
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "run/BatchJob.h"
#include "run/BatchManifest.h"

#include <CLI/CLI.hpp>

#include <iomanip>

namespace anomadiff::cli {

CLI::App* BatchCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "batch", "Localize every image / DICOM series of a folder or list, one result folder each");
  c->add_option("--inputs", m_inputs,
                "Folder (its images and series sub-folders) or text file (one path per line)")
      ->required();
  c->add_option("--output-dir,-o", m_outputDir,
                "Folder for the result folders, manifest and summary.html")
      ->required();
  c->add_option("--shard", m_shard,
                "i/n: take every n-th input starting at i (0-based; e.g. "
                "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)")
      ->capture_default_str();
  c->add_flag("--resume", m_resume, "Continue this shard's batch: skip what its manifest holds");
  c->add_flag("--retry-failed", m_retryFailed, "With --resume: run failed inputs again");
  m_method.addTo(*c);
  m_options.addTo(*c);
  c->add_flag("--quiet,-q", m_quiet, "No line per input");
  return c;
}

int BatchCommand::run(const CommandContext& context) const {
  CancelToken cancel;
  SignalCancel signals(cancel);  // Ctrl-C / SIGTERM: finish the input at hand, keep the manifest
  run::BatchRequest request;
  request.inputs = m_inputs;
  request.outputDir = m_outputDir;
  request.shard = run::BatchShard::parse(m_shard);
  request.resume = m_resume;
  request.retryFailed = m_retryFailed;
  if (m_retryFailed && !m_resume) throw InvalidArgument("--retry-failed needs --resume");
  request.localize = m_options.request();
  engine::TorchRuntime::setThreads(m_method.threads());
  run::PreparedMethod method = m_method.prepare();
  const auto observer = [&](const run::BatchRecord& record, std::size_t done, std::size_t total) {
    if (m_quiet) return;
    context.err << "[" << done << "/" << total << "] " << record.status << " " << record.input;
    if (!record.error.empty()) context.err << ": " << record.error;
    context.err << "\n";
  };
  run::BatchOutcome outcome;
  try {
    outcome = run::BatchJob(request).run(method, observer, cancel);
  } catch (const Cancelled&) {
    context.err << "batch cancelled; continue with the same command and --resume\n";
    return 130;
  }
  context.out << "batch shard " << m_shard << ": " << outcome.succeeded << " localized, "
              << outcome.failed << " failed, " << outcome.skipped << " done before, of "
              << outcome.inShard << " in this shard (" << outcome.inputsTotal
              << " in the batch); summary " << (m_outputDir / "summary.html").string() << "\n";
  return outcome.failed > 0 ? kSomeFailed : 0;
}

}  // namespace anomadiff::cli
