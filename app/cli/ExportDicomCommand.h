#pragma once

#include "cli/Command.h"

#include <filesystem>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli export-dicom RESULT_FOLDER [--series DIR] [-o DIR]`: writes the DICOM objects
/// of a result on a DICOM series (SEG, Parametric Maps, SR Measurement Report; docs/
/// ARCHITECTURE.md §4.2) from its folder, with the review states its boxes.json holds: for a
/// result made before DICOM export existed, or one a reader reviewed and exported from the GUI.
class ExportDicomCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_resultFolder;
  std::filesystem::path m_series;
  std::filesystem::path m_output;
};

}  // namespace anomadiff::cli
