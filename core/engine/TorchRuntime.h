#pragma once

#include <string>

namespace anomadiff::engine {

/// Process-wide LibTorch settings. Debian's LibTorch starts with one intra-op thread and uses
/// whatever BLAS update-alternatives picked; both decide speed by a factor of 2-4 here.
class TorchRuntime {
 public:
  /// Sets intra-op threads; 0 means one per core. Throws InvalidArgument for a negative count.
  static void setThreads(int threads);
  static int threads();
  /// The BLAS library LibTorch's matrix products resolve to (e.g. "openblas-openmp").
  static std::string blasName();
  /// True when that BLAS is the netlib reference implementation (3.5-4x slower for the UNet).
  static bool isReferenceBlas();
};

}  // namespace anomadiff::engine
