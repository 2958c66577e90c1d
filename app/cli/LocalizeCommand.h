#pragma once

#include "cli/Command.h"

#include "cli/LocalizeOptions.h"
#include "cli/MethodOptions.h"
#include "cli/PacsOptions.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli localize` (contract: docs/ARCHITECTURE.md §4.2): runs one method on a 2D image or
/// a volume and writes pseudo_healthy, anomaly_map, variance_map (float32) and anomaly_mask
/// (uint8), all on exactly the input grid, and boxes.json with threshold, parameters and
/// provenance. Every check happens before the first file is written, so a refused run leaves DIR
/// untouched. `--from-pacs SERIES_UID` retrieves the input from a PACS (into DIR/source) and
/// `--send-to-pacs` stores the DICOM results (SEG, Parametric Maps, SR) back into its study, so
/// a worklist is one shell loop.
class LocalizeCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  /// With --from-pacs: the series retrieved into OUTPUT/source; the input to localize.
  std::filesystem::path retrieveFromPacs(std::ostream& out) const;
  void sendToPacs(std::ostream& out) const;

  std::filesystem::path m_input;
  std::filesystem::path m_outputDir;
  std::optional<std::filesystem::path> m_mask;
  MethodOptions m_method;
  LocalizeOptions m_options;
  PacsOptions m_pacs;
  std::string m_fromPacs;
  bool m_sendToPacs = false;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
