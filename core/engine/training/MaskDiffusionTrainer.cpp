#include "engine/training/MaskDiffusionTrainer.h"

#include "common/Error.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

namespace anomadiff::engine {
namespace {

void requireMaskConfig(const UNetConfig& config) {
  if (config.inChannels != 2 || config.outChannels != 1 || config.classes != 0) {
    throw InvalidArgument(
        "a mask-diffusion UNet takes the noisy mask and the image (in_channels 2), gives one "
        "channel and has no classes; got in " +
        std::to_string(config.inChannels) + ", out " + std::to_string(config.outChannels) +
        ", classes " + std::to_string(config.classes));
  }
}

/// Bernoulli KL(q ‖ p) per element, with both probabilities kept off 0 and 1.
torch::Tensor bernoulliDivergence(const torch::Tensor& q, const torch::Tensor& p) {
  constexpr double kFloor = 1e-6;
  const auto qc = q.clamp(kFloor, 1.0 - kFloor);
  const auto pc = p.clamp(kFloor, 1.0 - kFloor);
  return qc * (qc.log() - pc.log()) + (1.0 - qc) * ((1.0 - qc).log() - (1.0 - pc).log());
}

}  // namespace

MaskDiffusionTrainer::MaskDiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule,
                                           TrainingOptions options, Kind kind)
    : ModelTrainer(schedule, options), m_kind(kind), m_bernoulli(schedule) {
  config.validate();
  requireMaskConfig(config);
  m_model = std::make_shared<UNetImpl>(config);
  m_ema = std::make_shared<UNetImpl>(config);
  attach(m_model, m_ema, std::move(options), slotOf(kind), config.toJson().dump());
}

MaskDiffusionTrainer::~MaskDiffusionTrainer() = default;

WeightTransfer::Report MaskDiffusionTrainer::startFrom(const UNetImpl& imageDenoiser) {
  // The output conv stays at zero (p̂ = ½ everywhere): the denoiser's predicts noise, not logits.
  return transferWeights(imageDenoiser, {"out_conv."});
}

const char* MaskDiffusionTrainer::slotOf(Kind kind) {
  return kind == Kind::Gaussian ? "segmenter" : "bernoulli_segmenter";
}

torch::Tensor MaskDiffusionTrainer::loss(const TrainingBatch& batch) {
  if (!batch.lesionMasks.defined()) {
    throw InvalidArgument("mask-diffusion training needs lesion masks; the training data has none");
  }
  const auto lesion = batch.lesionMasks.gt(0.5).to(torch::kFloat32);
  return m_kind == Kind::Gaussian ? gaussianLoss(batch.images, lesion)
                                  : bernoulliLoss(batch.images, lesion);
}

torch::Tensor MaskDiffusionTrainer::gaussianLoss(const torch::Tensor& image,
                                                 const torch::Tensor& lesion) {
  // Draw order is fixed (t, then ε) so a run is reproducible from the generator state.
  const auto t = drawTimestepsFavouringHigh(image.size(0));
  const auto epsilon = torch::randn_like(lesion);
  const auto noisyMask = noised(lesion * 2.0 - 1.0, t, epsilon);
  return weightedCrossEntropy(m_model->forward(torch::cat({noisyMask, image}, 1), t), lesion);
}

torch::Tensor MaskDiffusionTrainer::weightedCrossEntropy(const torch::Tensor& logits,
                                                         const torch::Tensor& lesion) {
  const auto weights = 1.0 + (kLesionWeight - 1.0) * lesion;
  return torch::binary_cross_entropy_with_logits(logits, lesion, weights);
}

torch::Tensor MaskDiffusionTrainer::bernoulliLoss(const torch::Tensor& image,
                                                  const torch::Tensor& lesion) {
  const auto t = drawTimestepsFavouringHigh(image.size(0));
  const auto noisyMask = torch::bernoulli(m_bernoulli.marginal(lesion, t));
  const auto logits = m_model->forward(torch::cat({noisyMask * 2.0 - 1.0, image}, 1), t);
  const auto predicted = torch::sigmoid(logits);
  const auto crossEntropy = weightedCrossEntropy(logits, lesion);
  const auto divergence = bernoulliDivergence(m_bernoulli.posterior(noisyMask, lesion, t),
                                              m_bernoulli.posterior(noisyMask, predicted, t));
  return crossEntropy + divergence.mean();
}

}  // namespace anomadiff::engine
