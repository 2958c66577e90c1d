#include "engine/training/SlicePreprocessor.h"

#include "common/Error.h"
#include "preprocess/BrainMask.h"

#include <algorithm>
#include <string>

namespace anomadiff::engine {
namespace {

std::string sizeText(const ImageGeometry& geometry) {
  return std::to_string(geometry.size[0]) + "x" + std::to_string(geometry.size[1]) + "x" +
         std::to_string(geometry.size[2]);
}

}  // namespace

SlicePreprocessor::SlicePreprocessor(Options options) : m_options(options) {
  // Below 8 px no UNet level structure is left; the check names the value for the CLI.
  if (m_options.resolution < 8) {
    throw InvalidArgument("model resolution " + std::to_string(m_options.resolution) +
                          " is below 8 pixels");
  }
  if (!(m_options.margin >= 0.0)) {
    throw InvalidArgument("slice margin " + std::to_string(m_options.margin) + " is negative");
  }
  if (!(m_options.lowerPercentile >= 0.0 && m_options.lowerPercentile < m_options.upperPercentile &&
        m_options.upperPercentile <= 100.0)) {
    throw InvalidArgument("normalization percentiles " + std::to_string(m_options.lowerPercentile) +
                          "/" + std::to_string(m_options.upperPercentile) +
                          " are not 0 <= lower < upper <= 100");
  }
}

PreprocessedSlice SlicePreprocessor::prepare(const Image& slice, const Image& mask) const {
  if (!slice.geometry().is2D()) {
    throw InvalidArgument("slice preprocessing needs a 2D image, got " +
                          sizeText(slice.geometry()));
  }
  if (mask.geometry().size != slice.geometry().size) {
    throw InvalidArgument("brain mask size " + sizeText(mask.geometry()) +
                          " differs from the slice's " + sizeText(slice.geometry()));
  }
  preprocess::ResamplerOptions resampling;
  resampling.targetSize = m_options.resolution;
  resampling.margin = m_options.margin;
  resampling.antiAlias = true;
  preprocess::Resampler resampler(slice.geometry(), mask, resampling);

  Image modelMask = resampler.toModel(mask, preprocess::Interpolation::Nearest, 0.0f);
  for (float& value : modelMask.voxels()) value = value > 0.0f ? 1.0f : 0.0f;
  if (preprocess::BrainMask::voxelCount(modelMask) == 0) {
    throw InvalidArgument("the brain vanishes when the slice is resampled to " +
                          std::to_string(m_options.resolution) + " pixels");
  }
  const Image resampled = resampler.toModel(slice, preprocess::Interpolation::Linear, 0.0f);

  preprocess::IntensityNormalizerOptions normalization;
  normalization.lowerPercentile = m_options.lowerPercentile;
  normalization.upperPercentile = m_options.upperPercentile;
  normalization.outputLow = -1.0f;
  normalization.outputHigh = 1.0f;
  normalization.clip = false;
  auto normalizer = preprocess::IntensityNormalizer::fit(resampled, modelMask, normalization);
  Image unclipped = normalizer.normalize(resampled);
  // The model input is the same map clipped to [-1, 1], as in training.
  Image image = unclipped;
  for (float& value : image.voxels()) value = std::clamp(value, -1.0f, 1.0f);
  // Background is a constant: whatever the anti-aliasing blurred across the brain's edge is
  // cut, so a lesion near the edge cannot leak into pixels the model treats as background.
  const auto brain = modelMask.voxels();
  for (Image* target : {&image, &unclipped}) {
    auto pixels = target->voxels();
    for (std::size_t i = 0; i < pixels.size(); ++i) {
      if (!(brain[i] > 0.0f)) pixels[i] = m_options.background;
    }
  }
  return {std::move(image), std::move(unclipped), std::move(modelMask), std::move(resampler),
          std::move(normalizer)};
}

}  // namespace anomadiff::engine
