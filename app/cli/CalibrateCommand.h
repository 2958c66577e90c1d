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

/// `anomadiff-cli calibrate`: runs a method on held-out healthy slices and stores, in the
/// bundle's model.json, the anomaly scores that 1 % and 5 % of healthy brain pixels exceed
/// (the thresholds for a 1 % / 5 % healthy false-positive rate), the finding gate that lets
/// at most 0.2 false boxes per healthy slice through at the 5 % threshold ("box_gate"), and
/// the former finding peak ("peak_5"), with the parameters and data they were measured on.
/// --set-default also makes this method and its parameters the bundle's default.
/// --for-volumes measures the same at the parameters whole volumes use (the bundle's
/// volume_parameters with the given ones over them), stores them as the calibration's "volume"
/// entry and the given parameters as volume_parameters; calibrate-volumes adds its gate there.
class CalibrateCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  /// Puts `entry` where this run's calibration belongs (the method's entry, or its "volume"
  /// entry), with the defaults --set-default / --for-volumes ask for.
  void store(nlohmann::json& description, const std::string& method, nlohmann::json entry,
             const LocalizerParameters& given) const;

  std::filesystem::path m_volume;
  std::optional<std::filesystem::path> m_mask;
  std::string m_slices;
  MethodOptions m_method;
  std::string m_gateStatistic = "mass";
  std::size_t m_minimumBoxArea = 10;
  bool m_setDefault = false;
  bool m_forVolumes = false;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
