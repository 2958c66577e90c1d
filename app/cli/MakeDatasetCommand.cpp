#include "cli/MakeDatasetCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "engine/io/Sha256.h"
#include "engine/training/SliceDatasetBuilder.h"
#include "image/ImageReader.h"
#include "lesions/LesionFamily.h"
#include "preprocess/AnatomicalOrientation.h"
#include "preprocess/BrainMask.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <iomanip>

namespace anomadiff::cli {
namespace {

std::size_t parseBound(std::string_view text, const std::string& whole) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw InvalidArgument("--holdout '" + whole + "' is not A:B with whole numbers A < B");
  }
  return value;
}

std::pair<std::size_t, std::size_t> parseSlab(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    throw InvalidArgument("--holdout '" + text + "' is not A:B with whole numbers A < B");
  }
  return {parseBound(std::string_view(text).substr(0, colon), text),
          parseBound(std::string_view(text).substr(colon + 1), text)};
}

}  // namespace

CLI::App* MakeDatasetCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "make-dataset",
      "Build the training set (healthy and lesioned axial slices) from a skull-stripped volume");
  c->add_option("--input,-i", m_input, "Skull-stripped T1 volume, e.g. Colin27 ch2bet.nii.gz")
      ->required();
  c->add_option("--mask", m_mask, "Brain mask or label image (> 0 is brain); default: computed");
  c->add_option("--output-dir,-o", m_outputDir, "Folder for dataset.safetensors/.json")->required();
  c->add_option("--resolution", m_resolution, "Model side in pixels (multiple of 4)")
      ->capture_default_str();
  c->add_option("--holdout", m_holdout,
                "A:B: axial slices A <= z < B are held out for evaluation and never used")
      ->capture_default_str();
  c->add_option("--holdout-margin", m_holdoutMargin,
                "Also skip this many slices on each side of the held-out slab")
      ->capture_default_str();
  c->add_option("--min-brain-fraction", m_minBrainFraction,
                "Use slices whose brain area is at least this fraction of the largest")
      ->capture_default_str();
  c->add_option("--lesions-per-slice", m_lesionsPerSlice,
                "Lesioned copies (class 'anomalous') per healthy slice")
      ->capture_default_str();
  c->add_option("--families", m_families,
                "Lesion families, taking turns: ellipsoid, noise, deformation, patch")
      ->capture_default_str();
  c->add_option("--min-lesion-size", m_minLesionSize, "Smallest lesion, fraction of the brain")
      ->capture_default_str();
  c->add_option("--max-lesion-size", m_maxLesionSize, "Largest lesion, fraction of the brain")
      ->capture_default_str();
  c->add_option("--seed", m_seed, "Random seed (same seed, same dataset)")->capture_default_str();
  c->add_flag("--quiet,-q", m_quiet, "No progress output");
  return c;
}

int MakeDatasetCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  const auto start = std::chrono::steady_clock::now();
  if (m_resolution < 1) {
    throw InvalidArgument("--resolution " + std::to_string(m_resolution) + " is not positive");
  }
  if (m_holdoutMargin < 0) {
    throw InvalidArgument("--holdout-margin " + std::to_string(m_holdoutMargin) + " is negative");
  }
  engine::SliceDatasetOptions options;
  options.resolution = static_cast<std::size_t>(m_resolution);
  std::tie(options.holdoutBegin, options.holdoutEnd) = parseSlab(m_holdout);
  options.holdoutMargin = static_cast<std::size_t>(m_holdoutMargin);
  options.minBrainFraction = m_minBrainFraction;
  options.lesionsPerSlice = m_lesionsPerSlice;
  options.families = lesions::parseLesionFamilies(m_families);
  options.minLesionSize = m_minLesionSize;
  options.maxLesionSize = m_maxLesionSize;
  options.seed = m_seed;
  const engine::SliceDatasetBuilder builder(options);  // refuses bad options before reading

  const Image volume = ImageReader().read(m_input);
  if (volume.geometry().is2D()) {
    throw InvalidArgument("input '" + m_input.string() + "' is 2D; make-dataset needs a volume");
  }
  Image mask;
  if (m_mask) {
    const Image labels = ImageReader().read(*m_mask);
    if (labels.geometry().size != volume.geometry().size) {
      throw InvalidArgument("mask '" + m_mask->string() + "' has another size than the input '" +
                            m_input.string() + "'");
    }
    mask = preprocess::BrainMask::fromLabels(labels);
  } else {
    mask = preprocess::BrainMask::fromSkullStripped(volume);
  }
  if (std::filesystem::exists(m_outputDir / engine::SliceDataset::kTensorFile) &&
      std::filesystem::equivalent(m_outputDir / engine::SliceDataset::kTensorFile, m_input)) {
    throw IoError("output '" + m_outputDir.string() + "' would overwrite the input");
  }
  nlohmann::json source = {
      {"file", m_input.filename().string()},
      {"sha256", engine::Sha256::ofFile(m_input)},
      {"mask", m_mask ? nlohmann::json(m_mask->filename().string())
                      : nlohmann::json("computed: BrainMask::fromSkullStripped")}};
  if (m_mask) source["mask_sha256"] = engine::Sha256::ofFile(*m_mask);
  // The slices' axes: a model trained on them expects scans brought to this orientation.
  source["orientation"] = preprocess::AnatomicalOrientation::codeOf(volume.geometry());

  ConsoleProgress progress(err, m_quiet);
  engine::SliceDataset dataset = builder.build(volume, mask, source, progress);
  dataset.save(m_outputDir);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "wrote " << dataset.size() << " examples ("
      << dataset.count(engine::SliceDataset::kHealthy) << " healthy, "
      << dataset.count(engine::SliceDataset::kAnomalous) << " anomalous) from "
      << dataset.sliceNumbers().size() << " slices at " << m_resolution << " px to "
      << m_outputDir.string() << " in " << std::fixed << std::setprecision(1) << seconds << " s\n";
  return 0;
}

}  // namespace anomadiff::cli
