#include "preprocess/Resampler.h"

#include "common/Error.h"
#include "preprocess/SizeCheck.h"
#include "preprocess/VoxelSampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace anomadiff::preprocess {
namespace {

/// Separable in-plane Gaussian, edges repeated; sigma in pixels per axis.
Image smoothInPlane(const Image& image, const std::array<double, 2>& sigma) {
  std::vector<float> current(image.voxels().begin(), image.voxels().end());
  std::vector<float> next(current.size());
  const auto& size = image.geometry().size;
  const std::size_t stride[2] = {1, size[0]};
  for (int axis = 0; axis < 2; ++axis) {
    if (sigma[axis] <= 0.0 || size[axis] < 2) continue;
    const int radius = static_cast<int>(std::ceil(3.0 * sigma[axis]));
    std::vector<double> kernel(2 * radius + 1);
    double total = 0.0;
    for (int k = -radius; k <= radius; ++k) {
      kernel[k + radius] = std::exp(-0.5 * k * k / (sigma[axis] * sigma[axis]));
      total += kernel[k + radius];
    }
    for (double& k : kernel) k /= total;
    const auto n = static_cast<long>(size[axis]);
    for (std::size_t i = 0; i < current.size(); ++i) {
      const long position = static_cast<long>((i / stride[axis]) % size[axis]);
      const std::size_t lineStart = i - static_cast<std::size_t>(position) * stride[axis];
      double sum = 0.0;
      for (int k = -radius; k <= radius; ++k) {
        const long p = std::clamp(position + k, 0L, n - 1);
        sum += kernel[k + radius] * current[lineStart + static_cast<std::size_t>(p) * stride[axis]];
      }
      next[i] = static_cast<float>(sum);
    }
    std::swap(current, next);
  }
  return Image(image.geometry(), std::move(current));
}

}  // namespace

Resampler::Resampler(const ImageGeometry& input, Options options)
    : m_input(input), m_options(options) {
  setUp({0.0, 0.0},
        {static_cast<double>(input.size[0]) - 1.0, static_cast<double>(input.size[1]) - 1.0});
}

Resampler::Resampler(const ImageGeometry& input, const Image& mask, Options options)
    : m_input(input), m_options(options) {
  requireSize(mask, input, "mask");
  std::array<double, 2> low{std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  std::array<double, 2> high{-1.0, -1.0};
  for (std::size_t z = 0; z < input.size[2]; ++z) {
    for (std::size_t y = 0; y < input.size[1]; ++y) {
      for (std::size_t x = 0; x < input.size[0]; ++x) {
        if (!(mask.at(x, y, z) > 0.0f)) continue;
        low = {std::min(low[0], double(x)), std::min(low[1], double(y))};
        high = {std::max(high[0], double(x)), std::max(high[1], double(y))};
      }
    }
  }
  if (high[0] < 0.0) throw InvalidArgument("resampler mask is empty: no voxel is > 0");
  setUp(low, high);
}

void Resampler::setUp(const std::array<double, 2>& boxLow, const std::array<double, 2>& boxHigh) {
  if (m_options.targetSize == 0) throw InvalidArgument("resampler target size 0 is empty");
  if (!(m_options.margin >= 0.0)) {
    throw InvalidArgument("resampler margin " + std::to_string(m_options.margin) + " is negative");
  }
  // The box spans whole voxels (centre +- half a voxel) in millimetres.
  double side = 0.0;
  for (int axis = 0; axis < 2; ++axis) {
    m_centre[axis] = 0.5 * (boxLow[axis] + boxHigh[axis]);
    side = std::max(side, (boxHigh[axis] - boxLow[axis] + 1.0) * m_input.spacing[axis]);
  }
  side *= 1.0 + 2.0 * m_options.margin;
  m_modelSpacing = side / static_cast<double>(m_options.targetSize);

  m_model = m_input;
  m_model.size = {m_options.targetSize, m_options.targetSize, m_input.size[2]};
  m_model.spacing = {m_modelSpacing, m_modelSpacing, m_input.spacing[2]};
  const double first[3] = {inputCoordinate(0, 0.0), inputCoordinate(1, 0.0), 0.0};
  for (int row = 0; row < 3; ++row) {
    double position = m_input.origin[row];
    for (int column = 0; column < 3; ++column) {
      position += m_input.direction[row * 3 + column] * m_input.spacing[column] * first[column];
    }
    m_model.origin[row] = position;
  }
}

double Resampler::inputCoordinate(int axis, double modelIndex) const {
  const double offsetMm =
      (modelIndex + 0.5 - 0.5 * static_cast<double>(m_options.targetSize)) * m_modelSpacing;
  return m_centre[axis] + offsetMm / m_input.spacing[axis];
}

double Resampler::modelCoordinate(int axis, double inputIndex) const {
  const double offsetMm = (inputIndex - m_centre[axis]) * m_input.spacing[axis];
  return offsetMm / m_modelSpacing - 0.5 + 0.5 * static_cast<double>(m_options.targetSize);
}

Image Resampler::toModel(const Image& image, Interpolation interpolation, float outside) const {
  requireSize(image, m_input, "image");
  Image source = image;
  if (interpolation == Interpolation::Linear && m_options.antiAlias) {
    const std::array<double, 2> sigma{
        std::max(0.0, (m_modelSpacing / m_input.spacing[0] - 1.0) / 2.0),
        std::max(0.0, (m_modelSpacing / m_input.spacing[1] - 1.0) / 2.0)};
    if (sigma[0] > 0.0 || sigma[1] > 0.0) source = smoothInPlane(image, sigma);
  }
  const VoxelSampler sample(source, interpolation, outside);
  Image result = Image::filled(m_model, outside);
  for (std::size_t z = 0; z < m_model.size[2]; ++z) {
    for (std::size_t v = 0; v < m_model.size[1]; ++v) {
      const double y = inputCoordinate(1, double(v));
      for (std::size_t u = 0; u < m_model.size[0]; ++u) {
        result.at(u, v, z) = sample(inputCoordinate(0, double(u)), y, double(z));
      }
    }
  }
  return result;
}

Image Resampler::toInput(const Image& modelMap, Interpolation interpolation, float outside) const {
  requireSize(modelMap, m_model, "model map");
  // Built from the stored input geometry, never from the map's header: results land exactly on
  // the input grid even if a caller's map carries a rounded origin or spacing.
  Image result = Image::filled(m_input, outside);
  const VoxelSampler sample(modelMap, interpolation, outside);
  for (std::size_t z = 0; z < m_input.size[2]; ++z) {
    for (std::size_t y = 0; y < m_input.size[1]; ++y) {
      const double v = modelCoordinate(1, double(y));
      for (std::size_t x = 0; x < m_input.size[0]; ++x) {
        result.at(x, y, z) = sample(modelCoordinate(0, double(x)), v, double(z));
      }
    }
  }
  return result;
}

}  // namespace anomadiff::preprocess
