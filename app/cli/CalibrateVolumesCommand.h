#pragma once

#include "cli/Command.h"

#include "cli/MethodOptions.h"

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli calibrate-volumes`: the finding gate for whole volumes. A slice gate allows
/// ~0.2 false boxes per healthy slice — 36 per 181-slice volume. This command runs whole
/// healthy volumes through what `localize` does to a patient's volume (intake, method, map
/// level, slice consistency, components at the calibrated fpr_5 threshold) and stores in
/// model.json, as the method's "volume_gate", the smallest gate above every healthy component:
/// no false finding on the calibration volumes — in the calibration's "volume" entry when the
/// bundle has one. Runs at the whole-volume parameters (volume_parameters); run after
/// `calibrate --for-volumes` (which it needs: fpr_5, median at those parameters).
class CalibrateVolumesCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::vector<std::filesystem::path> m_volumes;
  MethodOptions m_method;
  std::string m_gateStatistic = "mass";
  std::size_t m_minimumBoxArea = 10;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
