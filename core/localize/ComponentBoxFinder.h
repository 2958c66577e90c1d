#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"
#include "localize/BoxGate.h"

#include <optional>
#include <vector>

namespace anomadiff {

/// Turns a thresholded anomaly map into scored boxes: 8-connected components of a 2D image
/// (OpenCV), 26-connected 3D components of a volume (VolumeComponents), components smaller than
/// a minimum voxel count dropped as noise, boxes sorted by descending score and numbered from 1
/// in that order. A component is also dropped when the finding gate does not admit it
/// (hysteresis: the pixel threshold draws the extent, the gate decides whether it is a finding —
/// a gate calibrated on healthy slices bounds how many false boxes a healthy slice gets).
class ComponentBoxFinder {
 public:
  explicit ComponentBoxFinder(std::size_t minimumAreaPx = 1, BoxGate gate = BoxGate())
      : m_minimumAreaPx(minimumAreaPx), m_gate(gate) {}

  /// `anomaly` and `variance` must share the mask's grid; `variance` may be empty.
  /// A voxel is in the mask when anomaly > threshold. A volume's boxes enclose each component's
  /// voxels above `extentThreshold` when given (VolumeComponents). Throws InvalidArgument on
  /// grid mismatch.
  std::vector<BoundingBox> find(const Image& anomaly, const Image& variance, float threshold,
                                std::optional<float> extentThreshold = std::nullopt) const;

 private:
  std::vector<BoundingBox> planeBoxes(const Image& anomaly, const Image& variance,
                                      float threshold) const;

  std::size_t m_minimumAreaPx;
  BoxGate m_gate;
};

}  // namespace anomadiff
