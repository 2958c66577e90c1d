#pragma once

#include "cli/Command.h"
#include "cli/PacsOptions.h"
#include "pacs/PacsRecords.h"

#include <filesystem>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli pacs echo|find|fetch|send` with DICOMweb or DIMSE (PacsOptions):
/// - echo: the PACS answers;
/// - find [--patient-name --patient-id --study-date --accession] lists studies; with --study UID
///   that study's series (tab-separated, or --json);
/// - fetch --study UID --series UID -o DIR: the series into the new folder DIR;
/// - send FILE|FOLDER...: the DICOM files (a folder: its *.dcm) into the PACS.
class PacsCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  int find(const CommandContext& context) const;
  int send(const CommandContext& context) const;

  CLI::App* m_echo = nullptr;
  CLI::App* m_find = nullptr;
  CLI::App* m_fetch = nullptr;
  CLI::App* m_send = nullptr;
  PacsOptions m_pacs;
  PacsQuery m_query;
  std::string m_study, m_series;
  std::filesystem::path m_output;
  std::vector<std::filesystem::path> m_files;
  bool m_json = false;
};

}  // namespace anomadiff::cli
