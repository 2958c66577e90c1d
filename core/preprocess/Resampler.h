#pragma once

#include "image/Image.h"
#include "preprocess/Interpolation.h"

#include <array>
#include <cstddef>

namespace anomadiff::preprocess {

struct ResamplerOptions {
  /// The model's in-plane size: images become targetSize x targetSize x (input depth).
  std::size_t targetSize = 64;
  /// Extra space around the brain's bounding box, as a fraction of its longer side, per side.
  double margin = 0.05;
  /// Gaussian pre-smoothing when shrinking with linear interpolation, so that a 181 px slice
  /// shrunk to 64 px does not alias (sigma = (factor - 1) / 2 input pixels).
  bool antiAlias = true;
};

/// Resamples the axial plane (index axes 0 and 1) of a 2D image or a volume to the model's size
/// and maps results back. The brain's bounding box (over all slices) is centred in a physical
/// square, so the aspect ratio is kept and the rest is padded. The transform is fixed at
/// construction: toModel and toInput are exact inverses in geometry, and toInput always
/// returns the input's grid (size, spacing, origin, direction).
class Resampler {
 public:
  using Options = ResamplerOptions;

  /// Square around the whole image. Throws InvalidArgument for targetSize 0 or a negative margin.
  Resampler(const ImageGeometry& input, Options options = {});
  /// Square around the voxels where `mask` > 0; throws InvalidArgument for an empty mask or a
  /// mask whose size differs from the input's.
  Resampler(const ImageGeometry& input, const Image& mask, Options options = {});

  /// Throws InvalidArgument when the image's size differs from the input geometry's.
  Image toModel(const Image& image, Interpolation interpolation = Interpolation::Linear,
                float outside = 0.0f) const;
  /// Throws InvalidArgument when the map's size differs from the model geometry's.
  Image toInput(const Image& modelMap, Interpolation interpolation = Interpolation::Linear,
                float outside = 0.0f) const;

  const ImageGeometry& inputGeometry() const { return m_input; }
  /// Physically consistent: same direction, spacing (side / targetSize) in-plane, origin at the
  /// square's first pixel centre; axial slices keep their positions.
  const ImageGeometry& modelGeometry() const { return m_model; }

 private:
  void setUp(const std::array<double, 2>& boxLow, const std::array<double, 2>& boxHigh);
  /// Continuous input index of model pixel (u, v) and the reverse, per in-plane axis.
  double inputCoordinate(int axis, double modelIndex) const;
  double modelCoordinate(int axis, double inputIndex) const;

  ImageGeometry m_input;
  ImageGeometry m_model;
  Options m_options;
  std::array<double, 2> m_centre{};  // box centre, continuous input index
  double m_modelSpacing = 1.0;       // mm per model pixel (square pixels)
};

}  // namespace anomadiff::preprocess
