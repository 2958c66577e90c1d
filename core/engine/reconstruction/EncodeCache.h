#pragma once

#include <torch/torch.h>

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace anomadiff::engine {

/// Recent DDIM encodings x_L of inputs, so that a job which changes only the decoding (the
/// guidance scale s or weight w, the guidance type) skips the encoding half of the chain. DDIM
/// encoding is deterministic, so a stored x_L is exactly what a fresh encoding would give.
/// One cache belongs to one denoiser (the encoding depends on it). Bounded in bytes; the least
/// recently used entry leaves first. Thread-safe.
class EncodeCache {
 public:
  explicit EncodeCache(std::size_t capacityBytes = std::size_t{256} << 20);

  /// The key of encoding `input` along the respaced `timesteps` (ascending or descending, as
  /// the pipeline holds them): SHA-256 over the input's shape and float32 bytes and the steps.
  static std::string keyOf(const torch::Tensor& input, const std::vector<int>& timesteps);

  std::optional<torch::Tensor> find(const std::string& key);
  /// Stores a copy; an entry larger than the capacity is not kept.
  void store(const std::string& key, const torch::Tensor& encoded);

  std::size_t hits() const;
  std::size_t misses() const;
  std::size_t bytes() const;

 private:
  using Entry = std::pair<std::string, torch::Tensor>;

  void evictBeyond(std::size_t capacity);

  mutable std::mutex m_mutex;
  std::size_t m_capacity;
  std::size_t m_bytes = 0;
  std::size_t m_hits = 0;
  std::size_t m_misses = 0;
  std::list<Entry> m_entries;  // most recently used first
};

}  // namespace anomadiff::engine
