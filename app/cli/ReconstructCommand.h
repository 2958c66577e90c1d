#pragma once

#include "cli/Command.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli reconstruct`: the engine alone, for researchers and for cross-checks with
/// other implementations. The input NIfTI is used as it is (no preprocessing); each z-slice is
/// one batch item. Writes the ensemble mean, variance, optional members and, with --trace,
/// x_t after every step, plus reconstruct.json with the full provenance.
class ReconstructCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_input;
  std::filesystem::path m_outputDir;
  std::optional<std::filesystem::path> m_model;
  std::optional<std::filesystem::path> m_torchScript;
  bool m_trustModel = false;
  std::optional<std::string> m_scheduleType;
  std::optional<int> m_timesteps;
  std::optional<double> m_betaStart, m_betaEnd;
  std::string m_encoder = "ddpm-noise";
  std::string m_noise = "gaussian";
  std::string m_sampler = "ddim";
  std::string m_guidance = "none";
  int m_level = 250;
  int m_steps = 25;
  double m_scale = 0.0;
  std::optional<int> m_targetClass;
  int m_ensemble = 1;
  std::uint64_t m_seed = 0;
  int m_threads = 0;
  bool m_writeMembers = false;
  bool m_trace = false;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
