#pragma once

#include "common/ProgressSink.h"
#include "diffusion/LoadedModel.h"
#include "engine/training/SlicePreprocessor.h"
#include "image/Image.h"

namespace anomadiff::diffusion {

/// While it lives, turns the denoiser's evaluations on a 2D input into previews of the
/// pseudo-healthy estimate x̂_0 = (x_t − √(1−ᾱ_t) ε̂) / √ᾱ_t (Eq. 4 of the seed) on the input's
/// grid, whenever the progress sink wants one. It reuses the ε̂ the method computed anyway, so a
/// preview costs no network evaluation. Every method runs its network through LoadedModel, so
/// all of them preview without knowing it.
class EstimatePreview {
 public:
  EstimatePreview(const LoadedModel& model, ProgressSink& progress,
                  const engine::PreprocessedSlice& slice, const Image& inputMask,
                  const Image& input);
  ~EstimatePreview();
  EstimatePreview(const EstimatePreview&) = delete;
  EstimatePreview& operator=(const EstimatePreview&) = delete;

 private:
  void observe(const torch::Tensor& x, const torch::Tensor& timesteps, const torch::Tensor& noise);

  const LoadedModel& m_model;
  ProgressSink& m_progress;
  const engine::PreprocessedSlice& m_slice;
  const Image& m_inputMask;
  const Image& m_input;
};

}  // namespace anomadiff::diffusion
