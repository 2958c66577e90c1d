#pragma once

#include "engine/training/AugmentationOptions.h"
#include "engine/training/SliceDataset.h"
#include "engine/training/TrainingDataSource.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace anomadiff::engine {

/// A TrainingDataSource over chosen rows of a SliceDataset that augments every example on the
/// fly: affine (rotation, scale, shift) plus elastic warp by grid sampling, gamma, bias field,
/// noise; the background stays exactly `background`. The source's size is rows × repeats
/// ("virtual" examples); virtual index v shows row rows[v mod rows] with an augmentation drawn
/// from its own generator seeded by (seed, v) alone. So a batch is a pure function of its
/// indices: a resumed training run sees exactly the batches an uninterrupted one would.
class AugmentedDataSource final : public TrainingDataSource {
 public:
  /// `rows` index the dataset (duplicates allowed, e.g. to balance classes). Throws
  /// InvalidArgument for no rows, a row outside the dataset, repeats < 1 or bad options.
  AugmentedDataSource(const SliceDataset& dataset, std::vector<std::int64_t> rows,
                      AugmentationOptions options, std::uint64_t seed, std::int64_t repeats,
                      float background = -1.0f);

  std::int64_t size() const override;
  TrainingBatch get(const std::vector<std::int64_t>& indices) override;

  /// Virtual index -> dataset row.
  std::int64_t rowOf(std::int64_t index) const;
  /// One image [1, 1, R, R] with its brain mask ([1, 1, R, R], > 0.5 is brain) augmented by
  /// the draws of `seed`: what get() does for each virtual index.
  torch::Tensor augment(const torch::Tensor& image, const torch::Tensor& mask,
                        std::uint64_t seed) const;
  /// The same, also returning the lesion mask [1, 1, R, R] warped exactly like the image
  /// (nearest neighbour), so per-location labels stay on their pixels.
  std::pair<torch::Tensor, torch::Tensor> augmentWithLesion(const torch::Tensor& image,
                                                            const torch::Tensor& mask,
                                                            const torch::Tensor& lesion,
                                                            std::uint64_t seed) const;

 private:
  torch::Tensor m_images;
  torch::Tensor m_masks;
  torch::Tensor m_lesionMasks;
  torch::Tensor m_labels;
  std::vector<std::int64_t> m_rows;
  AugmentationOptions m_options;
  std::uint64_t m_seed;
  std::int64_t m_repeats;
  float m_background;
};

}  // namespace anomadiff::engine
