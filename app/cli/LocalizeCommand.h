#pragma once

#include "cli/Command.h"

#include "cli/MethodOptions.h"
#include "run/LocalizeJob.h"

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
/// untouched.
class LocalizeCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  run::LocalizeRequest m_request;
  MethodOptions m_method;
  bool m_quiet = false;
  double m_memoryBudgetGib = 0.0;  // 0: JobMemory::defaultBudget()
};

}  // namespace anomadiff::cli
