#include "cli/LocalizeCommand.h"

#include "cli/ConsoleProgress.h"
#include "engine/io/TorchRuntime.h"

#include <CLI/CLI.hpp>

#include <iomanip>

namespace anomadiff::cli {

CLI::App* LocalizeCommand::addTo(CLI::App& app) {
  auto* c =
      app.add_subcommand("localize", "Anomaly maps, pseudo-healthy image and boxes for one image");
  c->add_option("input", m_request.input, "NIfTI / MHA / NRRD / PNG image or DICOM series folder")
      ->required();
  c->add_option("--output-dir,-o", m_request.outputDir, "Folder for the result files")->required();
  c->add_option("--mask", m_request.mask,
                "Brain mask or label image (> 0 is brain); default: computed from the "
                "skull-stripped input");
  m_method.addTo(*c);
  c->add_option("--threshold", m_request.threshold,
                "auto (calibrated 5 % FPR, else Otsu) | fpr5 | fpr1 | otsu | VALUE")
      ->capture_default_str();
  c->add_option("--min-box-area", m_request.minimumBoxArea,
                "Components with fewer voxels are not reported as boxes")
      ->capture_default_str();
  c->add_option("--finding-gate", m_request.findingGate,
                "auto (the bundle's calibrated gate: <= 0.2 false boxes per healthy slice, else "
                "its calibrated peak) | none | STAT:VALUE (STAT mean, peak or mass = summed "
                "anomaly): components whose STAT stays below VALUE are not findings")
      ->capture_default_str();
  c->add_option("--finding-peak", m_request.findingPeak,
                "auto | none | VALUE: the same as --finding-gate peak:VALUE (older option)")
      ->capture_default_str();
  c->add_option("--scan-kind", m_request.intake.scanKind,
                "detect | raw (with skull: registered to the template head, brain from the "
                "template) | skull-stripped")
      ->capture_default_str();
  c->add_option("--registration", m_request.intake.registration,
                "auto (register the bundle's template to a volume not on its grid) | off")
      ->capture_default_str();
  c->add_option("--bias-correction", m_request.intake.biasCorrection,
                "auto (N4 on raw volumes, with skull) | on | off")
      ->capture_default_str();
  c->add_option("--memory-budget", m_memoryBudgetGib,
                "GiB the job may hold; a larger input is refused from its header (default: 3/4 "
                "of this machine's memory)")
      ->check(CLI::PositiveNumber);
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  return c;
}

int LocalizeCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  engine::TorchRuntime::setThreads(m_method.threads());
  run::PreparedMethod method = m_method.prepare();
  ConsoleProgress progress(err, m_quiet);
  run::LocalizeRequest request = m_request;
  if (m_memoryBudgetGib > 0) {
    request.memoryBudgetBytes = static_cast<std::size_t>(m_memoryBudgetGib * double(1ull << 30));
  }
  const auto outcome = run::LocalizeJob(request).run(method, progress, CancelToken());
  for (const auto& warning : outcome.warnings) err << "warning: " << warning << "\n";
  out << method.localizer->name() << ": " << outcome.boxes << " box(es) above "
      << std::setprecision(4) << outcome.threshold << " (" << outcome.thresholdSource << "), "
      << std::fixed << std::setprecision(2) << outcome.seconds << " s; wrote "
      << m_request.outputDir.string() << "\n";
  return 0;
}

}  // namespace anomadiff::cli
