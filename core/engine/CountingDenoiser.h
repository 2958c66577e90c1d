#pragma once

#include "engine/Denoiser.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace anomadiff::engine {

/// Forwards to a denoiser and counts the images it evaluates (batch rows), so benchmarks can
/// report network evaluations per reconstruction as a measurement instead of arithmetic.
class CountingDenoiser final : public Denoiser {
 public:
  explicit CountingDenoiser(std::unique_ptr<Denoiser> inner) : m_inner(std::move(inner)) {}

  torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                             const torch::Tensor& labels) override {
    m_rows += x.size(0);
    return m_inner->predictNoise(x, timesteps, labels);
  }
  bool isClassConditional() const override { return m_inner->isClassConditional(); }

  /// Images evaluated so far (a batch of B counts B).
  std::int64_t rows() const { return m_rows; }

 private:
  std::unique_ptr<Denoiser> m_inner;
  std::atomic<std::int64_t> m_rows = 0;
};

}  // namespace anomadiff::engine
