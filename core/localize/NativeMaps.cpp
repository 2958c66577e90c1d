#include "localize/NativeMaps.h"

namespace anomadiff {

LocalizationMaps NativeMaps::of(const LocalizationMaps& modelMaps,
                                const preprocess::PreparedScan& prepared, const Image& scan) {
  if (prepared.isNative()) return modelMaps;
  using preprocess::Interpolation;
  return {pseudoHealthy(modelMaps.pseudoHealthy, prepared, scan),
          prepared.toNative(modelMaps.anomalyMap, Interpolation::Linear),
          prepared.toNative(modelMaps.varianceMap, Interpolation::Linear)};
}

Image NativeMaps::pseudoHealthy(const Image& modelPseudoHealthy,
                                const preprocess::PreparedScan& prepared, const Image& scan) {
  if (prepared.isNative()) return modelPseudoHealthy;
  using preprocess::Interpolation;
  Image native = prepared.toNative(modelPseudoHealthy, Interpolation::Linear);
  const Image brain = prepared.toNative(prepared.brain, Interpolation::Nearest);
  for (std::size_t i = 0; i < brain.voxelCount(); ++i) {
    if (!(brain.voxels()[i] > 0.0f)) native.voxels()[i] = scan.voxels()[i];
  }
  return native;
}

}  // namespace anomadiff
