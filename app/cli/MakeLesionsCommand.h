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

/// `anomadiff-cli make-lesions INPUT --output-dir DIR [--mask MASK] [--count N] [--seed S]
/// [--families ellipsoid,noise,deformation,patch] [--slice-axis z --slices A:B]`: writes
/// synthetic-lesion cases (case_XXXX_image / _label / _brain .nii.gz) and cases.json with every
/// spec and the provenance. With --slices each case is one 2D slice of a 3D input (slices
/// A..B-1) that keeps its physical position; otherwise each case has the input's shape.
/// Families take turns (case i uses family i mod count), so every family is represented.
class MakeLesionsCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_input;
  std::optional<std::filesystem::path> m_mask;
  std::filesystem::path m_outputDir;
  int m_count = 10;
  std::uint64_t m_seed = 0;
  std::string m_families = "ellipsoid,noise,deformation,patch";
  std::string m_sliceAxis = "z";
  std::optional<std::string> m_slices;
  double m_minimumSize = 0.001;
  double m_maximumSize = 0.15;
};

}  // namespace anomadiff::cli
