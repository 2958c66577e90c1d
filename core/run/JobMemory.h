#pragma once

#include "image/ImageHeader.h"

#include <cstddef>
#include <filesystem>

namespace anomadiff::run {

/// What a localization holds at its peak, estimated from the input's header before a voxel is
/// read, so a volume too big for the machine is refused at once with the figures instead of
/// being killed by the kernel minutes later. The job keeps the input, its maps on the scan's own
/// grid (pseudo-healthy, anomaly, variance, mask, brain), their model-space versions and the
/// writers' buffers: about kBytesPerVoxel per input voxel on top of kBaseBytes for the engine
/// and the template (measured with /usr/bin/time on 7.1 M and 56 M voxel volumes; the note of
/// issue 17 has the runs).
class JobMemory {
 public:
  static constexpr double kBytesPerVoxel = 64.0;
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
