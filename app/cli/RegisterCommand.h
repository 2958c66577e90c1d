#pragma once

#include "cli/Command.h"

#include <filesystem>
#include <optional>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli register`: affine registration (Mattes MI) of a subject to a template, so a
/// second subject lands in the anatomy the model knows. Writes the subject's brain on the
/// template grid (registered.nii.gz), its brain mask there (registered_mask.nii.gz) and
/// registration.json (transform, metric, time, inputs).
class RegisterCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_moving;
  std::filesystem::path m_template;
  std::optional<std::filesystem::path> m_movingMask;
  std::optional<std::filesystem::path> m_templateMask;
  std::filesystem::path m_outputDir;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
