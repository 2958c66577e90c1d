#include "engine/reconstruction/EncodeCache.h"

#include "engine/io/Sha256.h"

#include <algorithm>

namespace anomadiff::engine {
namespace {

std::size_t bytesOf(const torch::Tensor& tensor) {
  return static_cast<std::size_t>(tensor.numel()) * tensor.element_size();
}

}  // namespace

EncodeCache::EncodeCache(std::size_t capacityBytes) : m_capacity(capacityBytes) {}

std::string EncodeCache::keyOf(const torch::Tensor& input, const std::vector<int>& timesteps) {
  const auto values = input.detach().to(torch::kFloat32).contiguous();
  Sha256 hash;
  for (const auto size : values.sizes()) hash.update(&size, sizeof(size));
  hash.update(values.data_ptr<float>(), bytesOf(values));
  hash.update(timesteps.data(), timesteps.size() * sizeof(int));
  return hash.finishHex();
}

std::optional<torch::Tensor> EncodeCache::find(const std::string& key) {
  const std::lock_guard lock(m_mutex);
  const auto found = std::find_if(m_entries.begin(), m_entries.end(),
                                  [&](const Entry& entry) { return entry.first == key; });
  if (found == m_entries.end()) {
    ++m_misses;
    return std::nullopt;
  }
  ++m_hits;
  m_entries.splice(m_entries.begin(), m_entries, found);
  // A copy: the caller may modify its tensor in place without touching the cache.
  return found->second.clone();
}

void EncodeCache::store(const std::string& key, const torch::Tensor& encoded) {
  const auto size = bytesOf(encoded);
  if (size > m_capacity) return;
  const std::lock_guard lock(m_mutex);
  m_entries.remove_if([&](const Entry& entry) {
    if (entry.first != key) return false;
    m_bytes -= bytesOf(entry.second);
    return true;
  });
  evictBeyond(m_capacity - size);
  m_entries.emplace_front(key, encoded.detach().clone());
  m_bytes += size;
}

void EncodeCache::evictBeyond(std::size_t capacity) {
  while (m_bytes > capacity && !m_entries.empty()) {
    m_bytes -= bytesOf(m_entries.back().second);
    m_entries.pop_back();
  }
}

std::size_t EncodeCache::hits() const {
  const std::lock_guard lock(m_mutex);
  return m_hits;
}

std::size_t EncodeCache::misses() const {
  const std::lock_guard lock(m_mutex);
  return m_misses;
}

std::size_t EncodeCache::bytes() const {
  const std::lock_guard lock(m_mutex);
  return m_bytes;
}

}  // namespace anomadiff::engine
