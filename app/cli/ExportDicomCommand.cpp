#include "cli/ExportDicomCommand.h"

#include "dicom/DicomResultFolder.h"
#include "dicom/DicomResultWriter.h"

#include <CLI/CLI.hpp>

namespace anomadiff::cli {

CLI::App* ExportDicomCommand::addTo(CLI::App& app) {
  auto* command = app.add_subcommand(
      "export-dicom",
      "Write a DICOM result folder's SEG, Parametric Maps and SR Measurement Report");
  command->add_option("result", m_resultFolder, "Result folder of `localize` on a DICOM series")
      ->required();
  command->add_option("--series", m_series,
                      "The source DICOM series folder, when it moved since the run");
  command->add_option("-o,--output", m_output, "Folder for the DICOM files (default: the result)");
  return command;
}

int ExportDicomCommand::run(const CommandContext& context) const {
  const DicomResult result = DicomResultFolder::load(m_resultFolder, m_series);
  const auto folder = m_output.empty() ? m_resultFolder : m_output;
  for (const auto& path : DicomResultWriter().write(result, folder)) {
    context.out << path.string() << "\n";
  }
  return 0;
}

}  // namespace anomadiff::cli
