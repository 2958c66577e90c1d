#pragma once

#include "cli/Command.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli make-dataset --input VOLUME -o DIR [--resolution 64] [--holdout 84:100]
/// [--min-brain-fraction 0.15] [--lesions-per-slice 2] [--seed 0] ...`: the training set of
/// the default models (engine::SliceDatasetBuilder): healthy axial slices outside the held-out
/// slab, prepared exactly as inference prepares an input, plus lesioned copies. Writes
/// DIR/dataset.safetensors and DIR/dataset.json.
class MakeDatasetCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_input;
  std::optional<std::filesystem::path> m_mask;
  std::filesystem::path m_outputDir;
  int m_resolution = 64;
  std::string m_holdout = "84:100";
  int m_holdoutMargin = 0;
  double m_minBrainFraction = 0.15;
  int m_lesionsPerSlice = 2;
  std::string m_families = "ellipsoid,noise,deformation,patch";
  double m_minLesionSize = 0.003;
  double m_maxLesionSize = 0.12;
  std::uint64_t m_seed = 0;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
