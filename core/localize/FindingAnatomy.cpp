#include "localize/FindingAnatomy.h"

#include "localize/FindingVoxels.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace anomadiff {
namespace {

double determinant(const preprocess::AffineTransform::Matrix& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

/// mL of the patient per model-space voxel: the registration may have scaled the head to the
/// template's size, and the patient's own millimetres are what a report states.
double nativeMlPerModelVoxel(const preprocess::PreparedScan& scan) {
  const auto& spacing = scan.image.geometry().spacing;
  const double modelMm3 = spacing[0] * spacing[1] * spacing[2];
  const double scale = std::abs(determinant(scan.nativeToModel.inverse().matrix()));
  return modelMm3 * scale / 1000.0;
}

}  // namespace

void FindingAnatomy::describe(std::vector<BoundingBox>& modelBoxes, const Image& anomaly,
                              float threshold, const preprocess::PreparedScan& scan) const {
  const double mlPerVoxel = nativeMlPerModelVoxel(scan);
  for (auto& box : modelBoxes) {
    const auto points = FindingVoxels::through(
        box, anomaly, threshold, preprocess::AffineTransform::indexToPhysical(anomaly.geometry()));
    // The component's own voxel count when known: a volume's box may enclose only its core.
    const std::size_t voxels = box.areaPx > 0 ? box.areaPx : points.size();
    box.volumeMl = double(voxels) * mlPerVoxel;
    if (scan.report.inTemplateSpace && !points.empty()) box.regions = regionsOf(points);
  }
}

std::vector<AtlasRegion> FindingAnatomy::regionsOf(
    const std::vector<std::array<double, 3>>& points) const {
  std::vector<AtlasRegion> regions;
  for (const auto& atlas : m_atlases) {
    std::map<int, std::size_t> counts;
    for (const auto& point : points) ++counts[atlas.labelAt(point)];
    std::vector<AtlasRegion> found;
    for (const auto& [label, count] : counts) {
      const double fraction = double(count) / double(points.size());
      const std::string name = atlas.nameOf(label);
      if (name.empty() || fraction < kMinimumFraction) continue;
      found.push_back({atlas.name(), name, fraction});
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.fraction > b.fraction; });
    if (found.size() > kRegionsPerAtlas) found.resize(kRegionsPerAtlas);
    regions.insert(regions.end(), found.begin(), found.end());
  }
  return regions;
}

}  // namespace anomadiff
