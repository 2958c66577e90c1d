#pragma once

#include "image/Image.h"
#include "localize/AnatomicalAtlas.h"
#include "localize/BoundingBox.h"
#include "preprocess/PreparedScan.h"

#include <vector>

namespace anomadiff {

/// Puts findings in anatomical words: each box's volume in mL of the patient's brain (its
/// component's voxels, areaPx) and the atlas regions its voxels lie in (the voxels above the
/// threshold inside the model-space box). Regions need the model space to be the atlases' template
/// space (IntakeReport::inTemplateSpace); otherwise only the volume is set.
class FindingAnatomy {
 public:
  /// Regions covering less than this share of a finding are left out.
  static constexpr double kMinimumFraction = 0.10;
  /// At most this many regions per atlas and finding, largest first.
  static constexpr std::size_t kRegionsPerAtlas = 3;

  explicit FindingAnatomy(const std::vector<AnatomicalAtlas>& atlases) : m_atlases(atlases) {}

  /// Sets volumeMl and regions of each model-space box of `anomaly` (a map on the scan's model
  /// grid) for voxels above `threshold`.
  void describe(std::vector<BoundingBox>& modelBoxes, const Image& anomaly, float threshold,
                const preprocess::PreparedScan& scan) const;

 private:
  std::vector<AtlasRegion> regionsOf(const std::vector<std::array<double, 3>>& points) const;

  const std::vector<AnatomicalAtlas>& m_atlases;
};

}  // namespace anomadiff
