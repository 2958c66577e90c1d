#include "engine/training/ShuffledOrder.h"

#include <limits>
#include <random>
#include <utility>

namespace anomadiff::engine {
namespace {

// A uniform integer in [0, bound) without modulo bias; std::uniform_int_distribution is not
// specified exactly, so it could change the data order between standard libraries.
std::uint64_t uniformBelow(std::mt19937_64& generator, std::uint64_t bound) {
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t value;
  do {
    value = generator();
  } while (value >= limit);
  return value % bound;
}

}  // namespace

ShuffledOrder::ShuffledOrder(std::uint64_t seed) : m_seed(seed) {}

void ShuffledOrder::shuffleEpoch(std::int64_t epoch, std::int64_t datasetSize) {
  std::seed_seq sequence{
      static_cast<std::uint32_t>(m_seed), static_cast<std::uint32_t>(m_seed >> 32),
      static_cast<std::uint32_t>(epoch), static_cast<std::uint32_t>(epoch >> 32)};
  std::mt19937_64 generator(sequence);
  m_permutation.resize(static_cast<std::size_t>(datasetSize));
  for (std::int64_t k = 0; k < datasetSize; ++k) m_permutation[k] = k;
  for (std::int64_t k = datasetSize - 1; k > 0; --k) {
    std::swap(m_permutation[k], m_permutation[uniformBelow(generator, k + 1)]);
  }
  m_epoch = epoch;
}

std::vector<std::int64_t> ShuffledOrder::indices(std::int64_t first, int count,
                                                 std::int64_t datasetSize) {
  std::vector<std::int64_t> result;
  result.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const std::int64_t position = first + i;
    const std::int64_t epoch = position / datasetSize;
    if (epoch != m_epoch || static_cast<std::int64_t>(m_permutation.size()) != datasetSize) {
      shuffleEpoch(epoch, datasetSize);
    }
    result.push_back(m_permutation[static_cast<std::size_t>(position % datasetSize)]);
  }
  return result;
}

}  // namespace anomadiff::engine
