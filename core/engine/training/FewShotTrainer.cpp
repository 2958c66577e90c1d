#include "engine/training/FewShotTrainer.h"

#include "common/Error.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

namespace anomadiff::engine {
namespace {

FewShotHeadConfig withChannels(FewShotHeadConfig config, const UNetImpl& source) {
  config.featureChannels = 0;
  for (int channels : source.decoderFeatureChannels()) config.featureChannels += channels;
  config.validate();
  return config;
}

}  // namespace

FewShotTrainer::FewShotTrainer(FewShotHeadConfig config, std::shared_ptr<UNetImpl> source,
                               const NoiseSchedule& schedule, TrainingOptions options)
    : ModelTrainer(schedule, options),
      m_config(withChannels(std::move(config), *source)),
      m_source(std::move(source)) {
  m_source->eval();
  for (auto& parameter : m_source->parameters()) parameter.requires_grad_(false);
  m_features = std::make_unique<DiffusionFeatures>(*m_source, schedule, m_config.timesteps,
                                                   static_cast<std::uint64_t>(m_config.noiseSeed));
  m_model = std::make_shared<FewShotHeadImpl>(m_config);
  m_ema = std::make_shared<FewShotHeadImpl>(m_config);
  attach(m_model, m_ema, std::move(options), "fewshot", m_config.toJson().dump());
}

FewShotTrainer::~FewShotTrainer() = default;

torch::Tensor FewShotTrainer::loss(const TrainingBatch& batch) {
  if (!batch.lesionMasks.defined()) {
    throw InvalidArgument("fewshot training needs lesion masks; the training data has none");
  }
  const auto lesion = batch.lesionMasks.gt(0.5).to(torch::kFloat32);
  const auto weights = 1.0 + (kLesionWeight - 1.0) * lesion;
  torch::Tensor total;
  for (const auto& logits : m_model->forward(m_features->extract(batch.images))) {
    const auto term =
        torch::binary_cross_entropy_with_logits(logits, lesion, weights, {}, at::Reduction::Mean);
    total = total.defined() ? total + term : term;
  }
  return total / static_cast<double>(m_config.timesteps.size());
}

}  // namespace anomadiff::engine
