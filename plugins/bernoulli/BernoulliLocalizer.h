#pragma once

#include "diffusion/DiffusionLocalizer.h"

namespace anomadiff::plugins {

/// Bernoulli diffusion (seed §2.3; BerDiff, Wolleb et al. 2024): bits of the lesion mask are
/// flipped by Bernoulli noise and the bundle's `bernoulli_segmenter` UNet, conditioned on the
/// image, predicts P(lesion) at each step (engine::BernoulliMaskSampler). The anomaly score is
/// that output probability; the masking algorithm resamples only regions whose score is above
/// the mask threshold. Trained with `anomadiff-cli train-segmenter --diffusion bernoulli`.
class BernoulliLocalizer final : public diffusion::DiffusionLocalizer {
 public:
  std::string name() const override { return "bernoulli"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;

 protected:
  Output output() const override { return Output::LesionProbability; }
  std::string requiredSlot() const override { return "bernoulli_segmenter"; }
  engine::Reconstruction reconstruct(const diffusion::LoadedModel& model,
                                     const torch::Tensor& slices, const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;
};

}  // namespace anomadiff::plugins
