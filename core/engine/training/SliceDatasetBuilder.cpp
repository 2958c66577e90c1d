#include "engine/training/SliceDatasetBuilder.h"

#include "common/Error.h"
#include "common/Version.h"
#include "engine/io/ImageTensor.h"
#include "engine/training/SlicePreprocessor.h"
#include "lesions/LesionGenerator.h"
#include "lesions/LesionSampler.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SliceExtractor.h"

#include <torch/torch.h>

#include <algorithm>
#include <random>

namespace anomadiff::engine {
namespace {

/// Fewer brain pixels than this leave nothing to normalise or to put a lesion on.
constexpr std::size_t kMinimumBrainPixels = 16;

std::string slabText(std::size_t begin, std::size_t end) {
  return std::to_string(begin) + ":" + std::to_string(end);
}

/// Each slice's lesions depend only on (seed, slice), not on which other slices were used.
std::uint64_t sliceSeed(std::uint64_t seed, std::size_t slice) {
  std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                         static_cast<std::uint32_t>(slice), 0x51ceu};
  std::mt19937_64 generator(sequence);
  return generator();
}

Image binarized(Image mask) {
  for (float& value : mask.voxels()) value = value > 0.0f ? 1.0f : 0.0f;
  return mask;
}

/// Rows collected while building, turned into tensors at the end.
struct Rows {
  std::vector<torch::Tensor> images, brainMasks, lesionMasks;
  std::vector<std::int64_t> labels, slices;

  void add(const PreprocessedSlice& prepared, const Image& lesionMask, std::int64_t label,
           std::size_t slice) {
    images.push_back(ImageTensor::toBatch(prepared.image));
    brainMasks.push_back(ImageTensor::toBatch(prepared.mask).gt(0.5f).to(torch::kUInt8));
    lesionMasks.push_back(ImageTensor::toBatch(lesionMask).ge(0.5f).to(torch::kUInt8));
    labels.push_back(label);
    slices.push_back(static_cast<std::int64_t>(slice));
  }
};

}  // namespace

SliceDatasetBuilder::SliceDatasetBuilder(Options options) : m_options(std::move(options)) {
  const auto& o = m_options;
  if (o.resolution < 8 || o.resolution % 4 != 0) {
    throw InvalidArgument("dataset resolution " + std::to_string(o.resolution) +
                          " is not a multiple of 4 of at least 8");
  }
  if (o.holdoutBegin >= o.holdoutEnd) {
    throw InvalidArgument("held-out slab " + slabText(o.holdoutBegin, o.holdoutEnd) +
                          " is empty (A must be below B)");
  }
  if (!(o.minBrainFraction >= 0.0 && o.minBrainFraction <= 1.0)) {
    throw InvalidArgument("minimum brain fraction " + std::to_string(o.minBrainFraction) +
                          " is outside [0, 1]");
  }
  if (o.lesionsPerSlice < 0) {
    throw InvalidArgument("lesions per slice " + std::to_string(o.lesionsPerSlice) +
                          " is negative");
  }
  if (o.lesionsPerSlice > 0 && o.families.empty()) {
    throw InvalidArgument("lesioned copies need at least one lesion family");
  }
  if (!(o.minLesionSize > 0.0 && o.minLesionSize <= o.maxLesionSize && o.maxLesionSize <= 1.0)) {
    throw InvalidArgument("lesion sizes " + std::to_string(o.minLesionSize) + ".." +
                          std::to_string(o.maxLesionSize) + " are not 0 < min <= max <= 1");
  }
  SlicePreprocessor({o.resolution, o.margin});  // validates the margin
}

std::vector<std::size_t> SliceDatasetBuilder::selectSlices(const Image& brainMask) const {
  const auto& size = brainMask.geometry().size;
  std::vector<std::size_t> area(size[2], 0);
  for (std::size_t z = 0; z < size[2]; ++z) {
    for (std::size_t y = 0; y < size[1]; ++y) {
      for (std::size_t x = 0; x < size[0]; ++x) area[z] += brainMask.at(x, y, z) > 0.0f;
    }
  }
  const std::size_t largest = *std::max_element(area.begin(), area.end());
  const std::size_t guardLow =
      m_options.holdoutBegin - std::min(m_options.holdoutBegin, m_options.holdoutMargin);
  const std::size_t guardHigh = m_options.holdoutEnd + m_options.holdoutMargin;
  std::vector<std::size_t> selected;
  for (std::size_t z = 0; z < size[2]; ++z) {
    if (z >= guardLow && z < guardHigh) continue;
    if (area[z] < kMinimumBrainPixels) continue;
    if (static_cast<double>(area[z]) < m_options.minBrainFraction * static_cast<double>(largest))
      continue;
    selected.push_back(z);
  }
  return selected;
}

SliceDataset SliceDatasetBuilder::build(const Image& volume, const Image& brainMask,
                                        const nlohmann::json& source, ProgressSink& progress,
                                        const CancelToken& cancel) const {
  const auto& size = volume.geometry().size;
  if (volume.geometry().is2D()) {
    throw InvalidArgument("the dataset needs a 3D volume; the input has one slice");
  }
  if (brainMask.geometry().size != size) {
    throw InvalidArgument("brain mask size differs from the volume's");
  }
  if (m_options.holdoutEnd > size[2]) {
    throw InvalidArgument(
        "held-out slab " + slabText(m_options.holdoutBegin, m_options.holdoutEnd) +
        " lies outside the volume's " + std::to_string(size[2]) + " axial slices");
  }
  if (const std::size_t bad = volume.nonFiniteCount(); bad > 0) {
    throw InvalidArgument("volume has " + std::to_string(bad) + " NaN or infinite voxels");
  }
  const std::vector<std::size_t> selected = selectSlices(brainMask);
  if (selected.empty()) {
    throw InvalidArgument("no axial slice outside the held-out slab has enough brain");
  }

  const SlicePreprocessor preprocessor({m_options.resolution, m_options.margin});
  lesions::LesionSamplerOptions samplerOptions;
  samplerOptions.minimumSizeFraction = m_options.minLesionSize;
  samplerOptions.maximumSizeFraction = m_options.maxLesionSize;
  const lesions::LesionGenerator generator;
  Rows rows;
  nlohmann::json examples = nlohmann::json::array();
  std::size_t lesionCounter = 0;
  for (std::size_t done = 0; done < selected.size(); ++done) {
    if (cancel.isCancelled()) throw Cancelled();
    const std::size_t z = selected[done];
    const Image slice = preprocess::SliceExtractor::extract(volume, 2, z);
    const Image mask = binarized(preprocess::SliceExtractor::extract(brainMask, 2, z));
    const PreprocessedSlice healthy = preprocessor.prepare(slice, mask);
    rows.add(healthy, Image::filled(healthy.image.geometry(), 0.0f), SliceDataset::kHealthy, z);
    examples.push_back({{"row", rows.labels.size() - 1}, {"slice", z}, {"label", 0}});

    if (m_options.lesionsPerSlice > 0) {
      const std::uint64_t seed = sliceSeed(m_options.seed, z);
      lesions::LesionSampler sampler(slice, mask, seed, samplerOptions);
      for (int j = 0; j < m_options.lesionsPerSlice; ++j) {
        const auto family = m_options.families[lesionCounter++ % m_options.families.size()];
        lesions::LesionCase lesion;
        try {
          lesion = generator.generate(slice, mask, sampler, family);
        } catch (const Error& error) {
          throw Error("slice z=" + std::to_string(z) + ": " + error.what());
        }
        const PreprocessedSlice prepared = preprocessor.prepare(lesion.image, mask);
        Image lesionMask = healthy.resampler.toModel(lesion.label);
        const auto brain = prepared.mask.voxels();
        auto values = lesionMask.voxels();
        for (std::size_t i = 0; i < values.size(); ++i) values[i] *= brain[i];
        rows.add(prepared, lesionMask, SliceDataset::kAnomalous, z);
        examples.push_back({{"row", rows.labels.size() - 1},
                            {"slice", z},
                            {"label", 1},
                            {"slice_seed", seed},
                            {"lesion", nlohmann::json::parse(lesion.toJson())}});
      }
    }
    progress.progress(static_cast<int>(done + 1), static_cast<int>(selected.size()), "slices");
  }

  nlohmann::json familyNames = nlohmann::json::array();
  for (auto family : m_options.families) familyNames.push_back(lesionFamilyName(family));
  const auto healthyCount = static_cast<std::int64_t>(selected.size());
  const auto lesionedCount = static_cast<std::int64_t>(rows.labels.size()) - healthyCount;
  const nlohmann::json description = {
      {"format", SliceDataset::kFormat},
      {"format_version", SliceDataset::kFormatVersion},
      {"app_version", kVersion},
      {"source", source},
      {"volume_size", size},
      {"axis", "z"},
      {"holdout",
       {{"begin", m_options.holdoutBegin},
        {"end", m_options.holdoutEnd},
        {"margin", m_options.holdoutMargin}}},
      {"min_brain_fraction", m_options.minBrainFraction},
      {"slices_used", selected},
      {"resolution", m_options.resolution},
      {"resampling", {{"margin", m_options.margin}, {"anti_alias", true}}},
      {"normalization",
       {{"method", "percentile"},
        {"lower_percentile", preprocessor.options().lowerPercentile},
        {"upper_percentile", preprocessor.options().upperPercentile},
        {"output", {-1, 1}},
        {"clip", true},
        {"background", preprocessor.options().background},
        {"fitted_on", "each slice's brain on the model grid"}}},
      {"classes", {"healthy", "anomalous"}},
      {"counts", {{"healthy", healthyCount}, {"anomalous", lesionedCount}}},
      {"lesions",
       {{"per_slice", m_options.lesionsPerSlice},
        {"families", familyNames},
        {"min_size", m_options.minLesionSize},
        {"max_size", m_options.maxLesionSize}}},
      {"seed", m_options.seed},
      {"examples", examples}};
  return SliceDataset(torch::cat(rows.images), torch::tensor(rows.labels, torch::kInt64),
                      torch::cat(rows.brainMasks), torch::cat(rows.lesionMasks),
                      torch::tensor(rows.slices, torch::kInt64), description);
}

}  // namespace anomadiff::engine
