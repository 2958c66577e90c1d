#include "cli/RegisterCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "common/Version.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "preprocess/AffineRegistration.h"
#include "preprocess/BrainMask.h"
#include "run/OutputGuard.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>

namespace anomadiff::cli {
namespace {

using preprocess::BrainMask;

Image brainOf(const Image& image, const std::optional<std::filesystem::path>& maskPath) {
  if (!maskPath) return BrainMask::forImage(image, nullptr);
  const Image labels = ImageReader().read(*maskPath);
  return BrainMask::forImage(image, &labels);
}

Image masked(Image image, const Image& mask) {
  for (std::size_t i = 0; i < image.voxelCount(); ++i) {
    if (!(mask.voxels()[i] > 0.0f)) image.voxels()[i] = 0.0f;
  }
  return image;
}

}  // namespace

CLI::App* RegisterCommand::addTo(CLI::App& app) {
  auto* c =
      app.add_subcommand("register", "Affinely register a subject to a template (e.g. Colin27)");
  c->add_option("moving", m_moving, "Subject volume")->required()->check(CLI::ExistingFile);
  c->add_option("--template", m_template, "Template volume (the model's anatomy)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--moving-mask", m_movingMask, "Subject brain labels (> 0 is brain)");
  c->add_option("--template-mask", m_templateMask, "Template brain mask (default: computed)");
  c->add_option("--output-dir,-o", m_outputDir, "Folder for the registered subject")->required();
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  return c;
}

int RegisterCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  const Image moving = ImageReader().read(m_moving);
  const Image fixed = ImageReader().read(m_template);
  const Image movingBrain = brainOf(moving, m_movingMask);
  const Image fixedBrain = brainOf(fixed, m_templateMask);
  run::OutputGuard::refuseInputs(
      m_outputDir, {"registered.nii.gz", "registered_mask.nii.gz", "registration.json"},
      {m_moving, m_template, m_movingMask.value_or(""), m_templateMask.value_or("")});
  ConsoleProgress progress(err, m_quiet);
  const auto result =
      preprocess::AffineRegistration().run(fixed, fixedBrain, moving, movingBrain, progress);
  Image mask = result.toFixed(movingBrain, preprocess::Interpolation::Nearest, 0.0f);
  mask = BrainMask::fromLabels(mask);
  const Image registered =
      masked(result.toFixed(moving, preprocess::Interpolation::Linear, 0.0f), mask);

  std::filesystem::create_directories(m_outputDir);
  ImageWriter().write(registered, m_outputDir / "registered.nii.gz");
  ImageWriter().write(mask, m_outputDir / "registered_mask.nii.gz");
  const nlohmann::json document = {{"app_version", kVersion},
                                   {"moving", m_moving.string()},
                                   {"template", m_template.string()},
                                   {"moving_mask", m_movingMask.value_or("").string()},
                                   {"final_mattes_mi", result.finalMetric},
                                   {"seconds", result.seconds}};
  TextFileWriter().write(m_outputDir / "registration.json", document.dump(2) + "\n");
  out << "registered '" << m_moving.string() << "' to '" << m_template.string() << "' in "
      << std::fixed << std::setprecision(1) << result.seconds << " s (Mattes MI "
      << std::setprecision(4) << result.finalMetric << "); wrote " << m_outputDir.string() << "\n";
  return 0;
}

}  // namespace anomadiff::cli
