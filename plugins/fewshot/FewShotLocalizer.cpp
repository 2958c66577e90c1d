#include "FewShotLocalizer.h"

#include "common/Error.h"
#include "diffusion/DiffusionParameters.h"
#include "engine/networks/FewShotHead.h"
#include "engine/segmentation/DiffusionFeatures.h"

#include <torch/torch.h>

namespace anomadiff::plugins {

using diffusion::DiffusionParameters;

std::string FewShotLocalizer::summary() const {
  return "semi-supervised: a pixel classifier over the diffusion UNet's features, k labelled "
         "slices";
}

std::vector<ParameterSpec> FewShotLocalizer::parameters() const {
  return {DiffusionParameters::medianFilter()};
}

std::string FewShotLocalizer::modelHash() const {
  if (!hasModel()) return "";
  const auto& description = model().bundle().description();
  return description.contains("fewshot") ? description["fewshot"].value("sha256", "") : "";
}

void FewShotLocalizer::useModel(const std::filesystem::path& bundleFolder) {
  DiffusionLocalizer::useModel(bundleFolder);
  m_featureEvaluations = 0;  // counted per loaded model, as the denoisers' evaluations are
}

void FewShotLocalizer::requireModelParts(const diffusion::LoadedModel& model) const {
  if (model.fewShotHead() == nullptr) {
    throw InvalidArgument("method 'fewshot' needs the 'fewshot' entry, which the model bundle '" +
                          model.bundle().name() +
                          "' does not hold (anomadiff-cli train-fewshot makes it)");
  }
}

std::string FewShotLocalizer::inputSlot() const {
  const auto& config = model().bundle().fewShotConfig();
  return config ? config->sourceSlot : DiffusionLocalizer::inputSlot();
}

std::int64_t FewShotLocalizer::modelEvaluations() const {
  return DiffusionLocalizer::modelEvaluations() + m_featureEvaluations.load();
}

engine::Reconstruction FewShotLocalizer::reconstruct(
    const diffusion::LoadedModel& model, const torch::Tensor& slices, const torch::Tensor& masks,
    const LocalizerParameters&, ProgressSink& progress, const CancelToken& cancel) {
  auto* head = model.fewShotHead();  // present: run() called requireModelParts first
  if (cancel.isCancelled()) throw Cancelled();
  const auto& config = head->config();
  const engine::DiffusionFeatures features(model.network(config.sourceSlot), model.schedule(),
                                           config.timesteps,
                                           static_cast<std::uint64_t>(config.noiseSeed));
  std::vector<torch::Tensor> probabilities;
  for (const auto& logits : head->forward(features.extract(slices))) {
    probabilities.push_back(torch::sigmoid(logits) * masks);
  }
  m_featureEvaluations += slices.size(0) * features.evaluationsPerImage();
  progress.progress(1, 1, "fewshot");
  const auto stacked = torch::stack(probabilities);
  return {stacked.mean(0), stacked.var(0, false), stacked};
}

}  // namespace anomadiff::plugins
