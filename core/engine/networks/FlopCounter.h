#pragma once

#include <cstdint>

namespace anomadiff::engine {

/// Counts the floating-point operations (2 per multiply-add) of the convolutions and matrix
/// products LibTorch runs on this thread while the counter lives, by observing ATen's
/// RecordFunction events. Other ops (norms, activations) are memory-bound and not counted, as
/// in the usual GFLOP/s figures. Used by `bench` to report achieved GFLOP/s.
class FlopCounter {
 public:
  FlopCounter();
  ~FlopCounter();
  FlopCounter(const FlopCounter&) = delete;
  FlopCounter& operator=(const FlopCounter&) = delete;

  double flops() const;

 private:
  std::uint64_t m_handle;
};

}  // namespace anomadiff::engine
