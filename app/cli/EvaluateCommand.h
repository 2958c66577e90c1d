#pragma once

#include "cli/Command.h"

#include "cli/MethodOptions.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli evaluate` (first version, seed §5): runs one method on lesion cases
/// (a make-lesions folder) and optionally on healthy slices, and reports pooled pixel AP,
/// AUROC, best Dice, Dice at the calibrated threshold, box recall / precision, healthy MAE and
/// the share of healthy slices with boxes at the 1 % threshold — as a table line, metrics.json,
/// a per-case CSV and the pooled PR and ROC curves as PNG figures. With healthy slices it also
/// reports the FROC of each finding-gate statistic (run::FrocReport, froc.png).
class EvaluateCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_cases;
  std::optional<std::filesystem::path> m_healthyVolume;
  std::optional<std::filesystem::path> m_healthyMask;
  std::string m_healthySlices;
  std::optional<std::filesystem::path> m_outputDir;
  MethodOptions m_method;
  std::string m_threshold = "fpr5";
  std::size_t m_minimumBoxArea = 10;
  std::string m_findingGate = "auto";
  std::string m_findingPeak = "auto";
  std::optional<std::size_t> m_limit;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
