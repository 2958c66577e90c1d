#pragma once

#include <cstdint>
#include <vector>

namespace anomadiff::engine {

/// The order in which a training run visits its examples: one permutation per epoch that depends
/// only on (seed, epoch), so the example at position p of the endless sequence is a pure
/// function of (seed, p, dataset size). A resumed run needs only the position to continue
/// exactly, and the ranks of a data-parallel run agree on every global batch without talking.
class ShuffledOrder {
 public:
  explicit ShuffledOrder(std::uint64_t seed);

  /// The dataset indices at positions first .. first + count − 1.
  std::vector<std::int64_t> indices(std::int64_t first, int count, std::int64_t datasetSize);

 private:
  void shuffleEpoch(std::int64_t epoch, std::int64_t datasetSize);

  std::uint64_t m_seed;
  std::int64_t m_epoch = -1;  // the epoch m_permutation holds
  std::vector<std::int64_t> m_permutation;
};

}  // namespace anomadiff::engine
