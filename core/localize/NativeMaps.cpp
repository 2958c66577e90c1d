#include "localize/NativeMaps.h"

namespace anomadiff {

LocalizationMaps NativeMaps::of(const LocalizationMaps& modelMaps,
                                const preprocess::PreparedScan& prepared, const Image& scan) {
  if (prepared.isNative()) return modelMaps;
  using preprocess::Interpolation;
  LocalizationMaps native{prepared.toNative(modelMaps.pseudoHealthy, Interpolation::Linear),
                          prepared.toNative(modelMaps.anomalyMap, Interpolation::Linear),
                          prepared.toNative(modelMaps.varianceMap, Interpolation::Linear)};
  const Image brain = prepared.toNative(prepared.brain, Interpolation::Nearest);
  for (std::size_t i = 0; i < brain.voxelCount(); ++i) {
    if (!(brain.voxels()[i] > 0.0f)) native.pseudoHealthy.voxels()[i] = scan.voxels()[i];
  }
  return native;
}

}  // namespace anomadiff
