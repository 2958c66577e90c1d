#pragma once

#include "image/ImageHeader.h"

#include <cstddef>
#include <filesystem>

namespace anomadiff::run {

/// What a localization holds at its peak, estimated from the input's header before a voxel is
/// read, so a volume too big for the machine is refused at once with the figures instead of
/// being killed by the kernel minutes later. The job keeps the input, its maps on the scan's own
/// grid (pseudo-healthy, anomaly, variance, mask, brain), their model-space versions and the
/// writers' buffers. Peak RSS measured with /usr/bin/time on Colin27 at 1 mm (7.1 M voxels) and
/// 0.5 mm (56.4 M): 15.8 B per voxel + 0.77 GB (ddpm), 18 B + 0.41 GB (intensity). The estimate
/// takes 24 B per voxel and 1 GiB, a margin for the worker's preview files and other methods.
class JobMemory {
 public:
  static constexpr double kBytesPerVoxel = 24.0;
  static constexpr std::size_t kBaseBytes = std::size_t{1} << 30;

  /// Three quarters of the machine's physical memory: room for the GUI and the system.
  static std::size_t defaultBudget();
  static std::size_t estimate(const ImageHeader& header);
  /// Throws InvalidArgument naming `input`, its size, the estimate and the budget when the
  /// estimate is over it. `budget` 0: defaultBudget().
  static void require(const std::filesystem::path& input, const ImageHeader& header,
                      std::size_t budget);
};

}  // namespace anomadiff::run
