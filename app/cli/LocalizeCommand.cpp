#include "cli/LocalizeCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "pacs/PacsConnection.h"
#include "protocol/ResultFiles.h"

#include <CLI/CLI.hpp>

#include <iomanip>

namespace anomadiff::cli {

CLI::App* LocalizeCommand::addTo(CLI::App& app) {
  auto* c =
      app.add_subcommand("localize", "Anomaly maps, pseudo-healthy image and boxes for one image");
  c->add_option("input", m_input,
                "NIfTI / MHA / NRRD / PNG image or DICOM series folder (or --from-pacs)");
  c->add_option("--output-dir,-o", m_outputDir, "Folder for the result files")->required();
  c->add_option("--mask", m_mask,
                "Brain mask or label image (> 0 is brain); default: computed from the "
                "skull-stripped input");
  m_method.addTo(*c);
  m_options.addTo(*c);
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  c->add_option("--from-pacs", m_fromPacs,
                "Series instance UID: retrieve the series from the PACS into OUTPUT/source and "
                "localize it (PACS options: --dicomweb or --host/--port/--aet)");
  c->add_flag("--send-to-pacs", m_sendToPacs,
              "Store the DICOM results (SEG, Parametric Maps, SR) in the PACS after the run");
  m_pacs.addTo(*c);
  return c;
}

std::filesystem::path LocalizeCommand::retrieveFromPacs(std::ostream& out) const {
  const auto connection = PacsConnection::open(m_pacs.settings());
  const std::string study = connection->studyOfSeries(m_fromPacs);
  std::filesystem::create_directories(m_outputDir);
  const auto source = m_outputDir / "source";
  const auto files = connection->retrieveSeries(study, m_fromPacs, source, {});
  out << "retrieved " << files.size() << " instances of series " << m_fromPacs << " into "
      << source.string() << "\n";
  return source;
}

void LocalizeCommand::sendToPacs(std::ostream& out) const {
  const auto files = protocol::ResultFiles::dicomOutputsIn(m_outputDir);
  if (files.empty()) {
    throw InvalidArgument(
        "--send-to-pacs: the input was no DICOM series, so there is no DICOM "
        "result to send");
  }
  PacsConnection::open(m_pacs.settings())->store(files);
  out << "stored " << files.size() << " DICOM objects in " << m_pacs.settings().serverName()
      << "\n";
}

int LocalizeCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  if (m_input.empty() == m_fromPacs.empty()) {
    throw InvalidArgument("localize needs an input image or --from-pacs SERIES_UID (one of them)");
  }
  if (m_sendToPacs) PacsConnection::open(m_pacs.settings());  // bad settings fail before the run
  engine::TorchRuntime::setThreads(m_method.threads());
  run::PreparedMethod method = m_method.prepare();
  ConsoleProgress progress(err, m_quiet);
  run::LocalizeRequest request = m_options.request();
  request.input = m_input;
  request.outputDir = m_outputDir;
  request.mask = m_mask;
  if (!m_fromPacs.empty()) request.input = retrieveFromPacs(out);
  const auto outcome = run::LocalizeJob(request).run(method, progress, CancelToken());
  for (const auto& warning : outcome.warnings) err << "warning: " << warning << "\n";
  out << method.localizer->name() << ": " << outcome.boxes << " box(es) above "
      << std::setprecision(4) << outcome.threshold << " (" << outcome.thresholdSource << "), "
      << std::fixed << std::setprecision(2) << outcome.seconds << " s; wrote "
      << m_outputDir.string() << "\n";
  if (m_sendToPacs) sendToPacs(out);
  return 0;
}

}  // namespace anomadiff::cli
