#include "diffusion/DiffusionLocalizer.h"

#include "common/Error.h"
#include "diffusion/AnomalyMapFilter.h"
#include "diffusion/AnomalyScore.h"
#include "diffusion/EstimatePreview.h"
#include "diffusion/SliceProgress.h"
#include "engine/io/ImageTensor.h"
#include "engine/training/SlicePreprocessor.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SliceExtractor.h"

#include <torch/torch.h>

#include <algorithm>
#include <optional>

namespace anomadiff::diffusion {
namespace {

using engine::ImageTensor;
using preprocess::BrainMask;
using preprocess::SliceExtractor;

/// Batch members per reconstruction (slices × ensemble members, one pipeline run). The UNet
/// adapter itself splits every call into calls of 2 images (UNetDenoiser: measured faster); this
/// only decides how many slices share a run's progress and encode cache. Measured before that
/// split, on a 30-slice Colin27 slab (N = 5, 2 threads, one run): 5, 10 and 15 members took
/// 34.3, 35.0 and 34.4 s, 20 took 36.7 s, 32 took 41.6 s and 64 took 43.4 s.
constexpr int kBatchMembers = 12;

/// Slices are prepared on the grid of the model that reads them (`slot`).
engine::SlicePreprocessorOptions preprocessingOf(const engine::ModelBundle& bundle,
                                                 const std::string& slot) {
  engine::SlicePreprocessorOptions options;
  const auto& description = bundle.description();
  options.resolution = static_cast<std::size_t>(bundle.resolution(slot));
  options.margin = description.at("input").value("margin", options.margin);
  const auto& intensity = description.at("intensity");
  options.lowerPercentile = intensity.value("lower_percentile", options.lowerPercentile);
  options.upperPercentile = intensity.value("upper_percentile", options.upperPercentile);
  options.background = intensity.value("background", options.background);
  return options;
}

void placeSlice(const Image& slice, std::size_t z, Image& volume) {
  for (std::size_t y = 0; y < slice.height(); ++y) {
    for (std::size_t x = 0; x < slice.width(); ++x) volume.at(x, y, z) = slice.at(x, y);
  }
}

struct SliceJob {
  std::size_t z;
  Image inputMask;
  engine::PreprocessedSlice prepared;
};

/// How a slice's network output becomes its maps.
struct SliceOutput {
  const AnomalyScore& score;
  const AnomalyMapFilter& filter;
  bool isProbability;  // a lesion probability (segmentation), not a reconstruction
};

/// Brings one reconstructed (or segmented) slice back onto the input grid and writes it into the
/// maps.
void storeSlice(const SliceJob& job, const torch::Tensor& mean, const torch::Tensor& variance,
                const SliceOutput& output, const Image& image, LocalizationMaps& maps) {
  const auto& modelGeometry = job.prepared.image.geometry();
  const torch::Tensor difference =
      output.isProbability
          ? mean
          : output.score.map(ImageTensor::toBatch(job.prepared.unclipped), mean, variance);
  const Image anomaly =
      output.filter.apply(ImageTensor::toImage(difference, modelGeometry), job.prepared.mask);
  const auto& resampler = job.prepared.resampler;
  Image anomalyOnInput = resampler.toInput(anomaly);
  Image varianceOnInput = resampler.toInput(ImageTensor::toImage(variance, modelGeometry));
  const Image original = SliceExtractor::extract(image, 2, job.z);
  // A segmentation method changes nothing in the image: its "pseudo-healthy" image is the input.
  Image pseudoHealthy = output.isProbability
                            ? original
                            : resampler.toInput(job.prepared.normalizer.denormalize(
                                  ImageTensor::toImage(mean, modelGeometry)));
  const auto brain = job.inputMask.voxels();
  for (std::size_t i = 0; i < brain.size(); ++i) {
    const bool inside = brain[i] > 0.0f;
    if (!inside) anomalyOnInput.voxels()[i] = 0.0f;
    if (!inside) varianceOnInput.voxels()[i] = 0.0f;
    if (!inside) pseudoHealthy.voxels()[i] = original.voxels()[i];
  }
  placeSlice(anomalyOnInput, job.z, maps.anomalyMap);
  placeSlice(varianceOnInput, job.z, maps.varianceMap);
  placeSlice(pseudoHealthy, job.z, maps.pseudoHealthy);
}

}  // namespace

void DiffusionLocalizer::useModel(const std::filesystem::path& bundleFolder) {
  m_model = LoadedModel::load(bundleFolder);
}

std::string DiffusionLocalizer::modelName() const {
  return m_model ? m_model->bundle().name() : "";
}

std::int64_t DiffusionLocalizer::modelEvaluations() const {
  return m_model ? m_model->denoiserEvaluations() : 0;
}

std::string DiffusionLocalizer::modelHash() const {
  return m_model ? m_model->bundle().denoiserSha256(denoiserSlot()) : "";
}

std::string DiffusionLocalizer::denoiserSlot() const {
  const auto& bundle = model().bundle();
  const std::string required = requiredSlot();
  if (required.empty()) return bundle.slotForMethod(name(), isGuided(), m_wholeVolume);
  if (!bundle.hasDenoiser(required)) {
    throw InvalidArgument("method '" + name() + "' needs the '" + required +
                          "' entry, which the model bundle '" + bundle.name() +
                          "' does not hold (anomadiff-cli train-segmenter makes it)");
  }
  return required;
}

nlohmann::json DiffusionLocalizer::slotTraining(const engine::ModelBundle& bundle) const {
  const auto training = bundle.description().value("training", nlohmann::json::object());
  return training.value(denoiserSlot(), nlohmann::json::object());
}

void DiffusionLocalizer::requireTrainedLevel(const engine::ModelBundle& bundle,
                                             const LocalizerParameters& values) const {
  if (!values.has("noise-level")) return;
  const std::string slot = denoiserSlot();
  const auto training = slotTraining(bundle);
  if (!training.contains("timesteps")) return;
  const int trained = training["timesteps"][1].get<int>();
  const int spread = values.has("level-spread") ? values.getInt("level-spread") : 0;
  const int level = values.getInt("noise-level") + spread;
  if (level > trained) {
    throw InvalidArgument((spread > 0 ? "noise level L + level spread = " : "noise level L = ") +
                          std::to_string(level) + " is above t = " + std::to_string(trained) +
                          ", the largest the model '" + bundle.name() + "' (" + slot +
                          ") was trained on");
  }
}

void DiffusionLocalizer::requireTrainedNoise(const engine::ModelBundle& bundle,
                                             const LocalizerParameters& values) const {
  const std::string slot = denoiserSlot();
  const std::string trained = slotTraining(bundle).value("noise", std::string("gaussian"));
  // Methods without the parameter add Gaussian noise.
  const int code = values.has("noise") ? values.getInt("noise") : 0;
  const std::string asked = code == 1 ? "coarse" : "gaussian";
  if (asked == trained) return;
  if (!values.has("noise")) {
    throw InvalidArgument("method '" + name() + "' adds Gaussian noise, but the model '" +
                          bundle.name() + "' (" + slot + ") was trained on " + trained +
                          " noise: map the method to another denoiser in model.json "
                          "method_denoisers");
  }
  throw InvalidArgument("noise " + std::to_string(code) + " (" + asked +
                        ") is not the noise the model '" + bundle.name() + "' (" + slot +
                        ") was trained to undo: use noise " + (trained == "coarse" ? "1" : "0") +
                        " (" + trained + ")");
}

const LoadedModel& DiffusionLocalizer::model() const {
  if (!m_model) throw InvalidArgument("method '" + name() + "' needs a model bundle");
  return *m_model;
}

LocalizationMaps DiffusionLocalizer::run(const Image& image, const Image* brainMask,
                                         const LocalizerParameters& given, ProgressSink& progress,
                                         const CancelToken& cancel) {
  const auto specs = parameters();
  given.validate(specs);
  const LocalizerParameters values = given.withDefaults(specs);
  if (const std::size_t bad = image.nonFiniteCount(); bad > 0) {
    throw InvalidArgument("input has " + std::to_string(bad) + " NaN or infinite voxels");
  }
  const LoadedModel& loaded = model();
  const bool isProbability = output() == Output::LesionProbability;
  requireTrainedLevel(loaded.bundle(), values);
  if (!isProbability) requireTrainedNoise(loaded.bundle(), values);
  denoiserSlot();  // a missing entry is named before any slice is prepared
  requireModelParts(loaded);
  const AnomalyMapFilter filter(values.has("median") ? values.getInt("median") : 1);
  const AnomalyScore score =
      AnomalyScore::fromCodes(values.has("score") ? values.getInt("score") : 0,
                              values.has("polarity") ? values.getInt("polarity") : 0);
  const SliceOutput sliceOutput{score, filter, isProbability};
  const Image mask = BrainMask::forImage(image, brainMask);
  const engine::SlicePreprocessor preprocessor(preprocessingOf(loaded.bundle(), inputSlot()));

  std::vector<SliceJob> jobs;
  for (std::size_t z = 0; z < image.depth(); ++z) {
    Image sliceMask = SliceExtractor::extract(mask, 2, z);
    if (BrainMask::voxelCount(sliceMask) == 0) continue;
    auto prepared = preprocessor.prepare(SliceExtractor::extract(image, 2, z), sliceMask);
    jobs.push_back({z, std::move(sliceMask), std::move(prepared)});
  }
  if (jobs.empty()) throw InvalidArgument("the brain mask is empty: nothing to localize");

  LocalizationMaps maps{image, Image::filled(image.geometry(), 0.0f),
                        Image::filled(image.geometry(), 0.0f)};
  const int members = values.has("ensemble") ? std::max(1, values.getInt("ensemble")) : 1;
  const std::size_t chunk = static_cast<std::size_t>(std::max(1, kBatchMembers / members));
  const int chunks = static_cast<int>((jobs.size() + chunk - 1) / chunk);
  c10::InferenceMode inference;
  // A 2D input is one slice: its estimate can be shown while it is denoised (a segmentation
  // method's network output is a mask, not an image estimate).
  std::optional<EstimatePreview> preview;
  if (image.depth() == 1 && !isProbability)
    preview.emplace(loaded, progress, jobs.front().prepared, jobs.front().inputMask, image);
  for (int c = 0; c < chunks; ++c) {
    const std::size_t first = static_cast<std::size_t>(c) * chunk;
    const std::size_t last = std::min(jobs.size(), first + chunk);
    std::vector<torch::Tensor> slices, masks;
    for (std::size_t j = first; j < last; ++j) {
      slices.push_back(ImageTensor::toBatch(jobs[j].prepared.image));
      masks.push_back(ImageTensor::toBatch(jobs[j].prepared.mask));
    }
    SliceProgress chunkProgress(progress, c, chunks);
    const auto result =
        reconstruct(loaded, torch::cat(slices), torch::cat(masks), values, chunkProgress, cancel);
    if (!torch::isfinite(result.mean).all().item<bool>()) {
      throw Error("the model '" + loaded.bundle().name() +
                  "' produced NaN or infinite values: the weights or the parameters are unusable");
    }
    for (std::size_t j = first; j < last; ++j) {
      const auto row = static_cast<std::int64_t>(j - first);
      storeSlice(jobs[j], result.mean.slice(0, row, row + 1),
                 result.variance.slice(0, row, row + 1), sliceOutput, image, maps);
    }
    // A volume shows its finished slices while the rest is still denoised (the input there).
    if (!preview && progress.wantsPreview()) progress.preview(maps.pseudoHealthy);
  }
  return maps;
}

}  // namespace anomadiff::diffusion
