#pragma once

#include "engine/networks/FewShotHeadConfig.h"
#include "run/TrainingRequest.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace anomadiff::engine {
class SliceDataset;
class UNetImpl;
}  // namespace anomadiff::engine

namespace anomadiff::run {

/// What `train-fewshot` needs besides a plain training run: the bundle's trained UNet whose
/// features the head reads, and the k labelled slices it learns from.
class FewShotSetup {
 public:
  struct Source {
    std::shared_ptr<engine::UNetImpl> unet;
    std::string sha256;  ///< of the source weights, recorded with the head
  };
  /// The bundle's `slot` image UNet with its weights (also a segmenter's warm start). Throws
  /// InvalidArgument / IoError naming the bundle and the missing or broken entry.
  static Source loadSource(const std::filesystem::path& bundle, const std::string& slot);
  /// k lesioned rows spread evenly over the dataset's lesioned rows (so over its anatomy),
  /// starting at an offset drawn from the seed. Throws InvalidArgument when k exceeds them.
  static std::vector<std::int64_t> chooseCases(const engine::SliceDataset& dataset, int k,
                                               std::uint64_t seed);
  /// The head's configuration from the request and the source's decoder.
  static engine::FewShotHeadConfig headConfig(const TrainingRequest& request,
                                              const engine::UNetImpl& source);
};

}  // namespace anomadiff::run
