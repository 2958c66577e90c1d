#pragma once

#include "engine/sampling/Denoiser.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace anomadiff::engine {

/// Forwards to a denoiser and counts the images it evaluates (batch rows), so benchmarks can
/// report network evaluations per reconstruction as a measurement instead of arithmetic.
class CountingDenoiser final : public Denoiser {
 public:
  explicit CountingDenoiser(std::unique_ptr<Denoiser> inner) : m_inner(std::move(inner)) {}

  /// Sees every evaluation (input, timesteps, predicted noise), e.g. to preview x̂_0 from it
  /// at no extra network cost. Called on the evaluating thread.
  using Observer = std::function<void(const torch::Tensor& x, const torch::Tensor& timesteps,
                                      const torch::Tensor& noise)>;

  torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                             const torch::Tensor& labels) override {
    m_rows += x.size(0);
    auto noise = m_inner->predictNoise(x, timesteps, labels);
    if (m_observer) m_observer(x, timesteps, noise);
    return noise;
  }
  void setObserver(Observer observer) { m_observer = std::move(observer); }
  bool isClassConditional() const override { return m_inner->isClassConditional(); }

  /// Images evaluated so far (a batch of B counts B).
  std::int64_t rows() const { return m_rows; }

 private:
  std::unique_ptr<Denoiser> m_inner;
  std::atomic<std::int64_t> m_rows = 0;
  Observer m_observer;
};

}  // namespace anomadiff::engine
