#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace anomadiff::engine {
class NoiseSchedule;
class NoisyClassifierNetImpl;
class SliceDataset;
}  // namespace anomadiff::engine

namespace anomadiff::run {

/// The held-back accuracy a classifier's training record states.
class ClassifierAccuracy {
 public:
  /// Accuracy of `model` on the unaugmented `rows` at five noise levels in [0, maxTimestep]:
  /// {"accuracy", "per_timestep", "examples"}, or null without rows. The noise comes from its own
  /// generator seeded with `seed`, so the number is reproducible.
  static nlohmann::json measure(engine::NoisyClassifierNetImpl& model,
                                const engine::SliceDataset& dataset,
                                const std::vector<std::int64_t>& rows,
                                const engine::NoiseSchedule& schedule, int maxTimestep,
                                std::uint64_t seed);
};

}  // namespace anomadiff::run
