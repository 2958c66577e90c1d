#include "cli/MakeLesionsCommand.h"

#include "run/SliceRange.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "common/Version.h"
#include "engine/io/Sha256.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "lesions/LesionFamily.h"
#include "lesions/LesionGenerator.h"
#include "lesions/LesionSampler.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SliceExtractor.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <random>
#include <vector>

namespace anomadiff::cli {
namespace {

using lesions::LesionFamily;
using preprocess::BrainMask;
using preprocess::SliceExtractor;

/// Slices with fewer brain pixels than this cannot hold a lesion worth evaluating.
constexpr std::size_t kMinimumSliceBrainPixels = 100;

int parseAxis(const std::string& name) {
  if (name == "x") return 0;
  if (name == "y") return 1;
  if (name == "z") return 2;
  throw InvalidArgument("slice axis '" + name + "' is not x, y or z");
}

std::string caseName(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "case_%04d", index);
  return name;
}

/// One image (a slice or the whole input) on which cases can be drawn.
struct Canvas {
  Image image;
  Image mask;
  std::optional<std::size_t> slice;
};

/// The hash of a file input; a DICOM folder has none.
nlohmann::json fileHash(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) return nullptr;
  return engine::Sha256::ofFile(path);
}

/// Outputs replace files atomically; that must never be one of the inputs.
void refuseInputPath(const std::filesystem::path& output,
                     const std::vector<std::filesystem::path>& inputs) {
  for (const auto& input : inputs) {
    if (std::filesystem::exists(output) && std::filesystem::equivalent(output, input)) {
      throw IoError("output '" + output.string() + "' would overwrite the input");
    }
  }
}

}  // namespace

CLI::App* MakeLesionsCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "make-lesions", "Write synthetic lesion cases (image, exact label, spec JSON) from an image");
  c->add_option("input", m_input, "Healthy image (NIfTI, MHA, NRRD, PNG), skull-stripped")
      ->required();
  c->add_option("--mask", m_mask,
                "Brain mask or label image (> 0 is brain); default: "
                "computed from the skull-stripped input");
  c->add_option("--output-dir,-o", m_outputDir, "Folder for the cases")->required();
  c->add_option("--count,-n", m_count, "Number of cases")->capture_default_str();
  c->add_option("--seed", m_seed, "Random seed (same seed, same cases)")->capture_default_str();
  c->add_option("--families", m_families,
                "Comma-separated families, taking turns: ellipsoid, noise, deformation, patch")
      ->capture_default_str();
  c->add_option("--slice-axis", m_sliceAxis, "Axis across the slices: x, y or z")
      ->capture_default_str();
  c->add_option("--slices", m_slices,
                "A:B: each case is one 2D slice A <= k < B of a 3D input (e.g. 84:100)");
  c->add_option("--min-size", m_minimumSize, "Smallest lesion, as a fraction of the brain")
      ->capture_default_str();
  c->add_option("--max-size", m_maximumSize, "Largest lesion, as a fraction of the brain")
      ->capture_default_str();
  return c;
}

int MakeLesionsCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  if (m_count < 1) throw InvalidArgument("--count " + std::to_string(m_count) + " is not >= 1");
  const std::vector<LesionFamily> families = lesions::parseLesionFamilies(m_families);
  const int axis = parseAxis(m_sliceAxis);
  lesions::LesionSamplerOptions samplerOptions;
  samplerOptions.minimumSizeFraction = m_minimumSize;
  samplerOptions.maximumSizeFraction = m_maximumSize;

  const Image input = ImageReader().read(m_input);
  if (const std::size_t bad = input.nonFiniteCount(); bad > 0) {
    throw InvalidArgument("input '" + m_input.string() + "' has " + std::to_string(bad) +
                          " NaN or infinite voxels");
  }
  Image mask;
  if (m_mask) {
    const Image labels = ImageReader().read(*m_mask);
    if (labels.geometry().size != input.geometry().size) {
      throw InvalidArgument("mask '" + m_mask->string() + "' has another size than the input '" +
                            m_input.string() + "'");
    }
    mask = BrainMask::fromLabels(labels);
  } else {
    preprocess::BrainMaskOptions options;
    options.perSlice = input.geometry().is2D();
    mask = BrainMask::fromSkullStripped(input, options);
  }
  const std::string maskName = m_mask ? m_mask->string() : "computed from the input";
  if (BrainMask::voxelCount(mask) == 0) {
    throw InvalidArgument("brain mask (" + maskName + ") of '" + m_input.string() + "' is empty");
  }

  std::vector<Canvas> canvases;
  if (m_slices) {
    if (input.geometry().is2D()) {
      throw InvalidArgument("--slices needs a 3D input; '" + m_input.string() + "' is 2D");
    }
    const run::SliceRange range =
        run::SliceRange::parse(*m_slices, input.geometry().size[axis], m_sliceAxis);
    for (std::size_t k = range.begin; k < range.end; ++k) {
      Canvas canvas{SliceExtractor::extract(input, axis, k), SliceExtractor::extract(mask, axis, k),
                    k};
      if (BrainMask::voxelCount(canvas.mask) >= kMinimumSliceBrainPixels) {
        canvases.push_back(std::move(canvas));
      }
    }
    if (canvases.empty()) {
      throw InvalidArgument("brain mask (" + maskName + ") is empty in slices " + *m_slices +
                            " along " + m_sliceAxis + " of '" + m_input.string() + "'");
    }
  } else {
    canvases.push_back({input, mask, std::nullopt});
  }

  std::filesystem::create_directories(m_outputDir);
  std::vector<std::filesystem::path> inputs{m_input};
  if (m_mask) inputs.push_back(*m_mask);
  refuseInputPath(m_outputDir / "cases.json", inputs);
  std::mt19937_64 random(m_seed);
  const lesions::LesionGenerator generator;
  nlohmann::json cases = nlohmann::json::array();
  for (int i = 0; i < m_count; ++i) {
    // Two draws per case whatever happens inside: case i is the same for every --count.
    const Canvas& canvas = canvases[random() % canvases.size()];
    const std::uint64_t caseSeed = random();
    const LesionFamily family = families[static_cast<std::size_t>(i) % families.size()];
    lesions::LesionSampler sampler(canvas.image, canvas.mask, caseSeed, samplerOptions);
    const lesions::LesionCase lesion =
        generator.generate(canvas.image, canvas.mask, sampler, family);
    const std::string name = caseName(i);
    for (const char* suffix : {"_image.nii.gz", "_label.nii.gz", "_brain.nii.gz"}) {
      refuseInputPath(m_outputDir / (name + suffix), inputs);
    }
    ImageWriter().write(lesion.image, m_outputDir / (name + "_image.nii.gz"));
    ImageWriter().write(lesion.label, m_outputDir / (name + "_label.nii.gz"));
    ImageWriter().write(canvas.mask, m_outputDir / (name + "_brain.nii.gz"));
    nlohmann::json entry = nlohmann::json::parse(lesion.toJson());
    entry["id"] = name;
    entry["image"] = name + "_image.nii.gz";
    entry["label"] = name + "_label.nii.gz";
    entry["brain"] = name + "_brain.nii.gz";
    entry["slice"] = canvas.slice ? nlohmann::json(*canvas.slice) : nlohmann::json(nullptr);
    entry["seed"] = caseSeed;
    cases.push_back(std::move(entry));
  }

  nlohmann::json familyNames = nlohmann::json::array();
  for (LesionFamily family : families) familyNames.push_back(lesionFamilyName(family));
  const nlohmann::json provenance = {
      {"app", "anomadiff-cli"},
      {"app_version", kVersion},
      {"command", "make-lesions"},
      {"input", m_input.filename().string()},
      {"input_sha256", fileHash(m_input)},
      {"mask", m_mask ? nlohmann::json(m_mask->filename().string()) : nlohmann::json(nullptr)},
      {"mask_sha256", m_mask ? fileHash(*m_mask) : nlohmann::json(nullptr)},
      {"seed", m_seed},
      {"count", m_count},
      {"families", familyNames},
      {"slice_axis", m_slices ? nlohmann::json(m_sliceAxis) : nlohmann::json(nullptr)},
      {"slices", m_slices ? nlohmann::json(*m_slices) : nlohmann::json(nullptr)},
      {"min_size", m_minimumSize},
      {"max_size", m_maximumSize},
      {"relative_epsilon", lesions::LesionGeneratorOptions().relativeEpsilon},
      {"patch_blending", "alpha"}};
  const nlohmann::json document = {{"provenance", provenance}, {"cases", cases}};
  TextFileWriter().write(m_outputDir / "cases.json", document.dump(2) + "\n");
  out << "wrote " << m_count << " cases to " << m_outputDir.string() << "\n";
  return 0;
}

}  // namespace anomadiff::cli
