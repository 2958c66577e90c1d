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
  /// Makes glibc keep freed memory for reuse instead of handing it back to the kernel. LibTorch
  /// allocates and frees buffers of tens of MB in every layer; glibc serves those with fresh
  /// mmaps, so each call page-faults its buffers in again: a 12-slice localization spent 40 % of
  /// its time in the kernel and ran 6x slower (65.7 s vs 10.8 s, 8.0 M vs 0.38 M page faults),
  /// for ~0.4 GB less peak memory. Only the main arena obeys that (thread arenas are mmapped
  /// 64 MB heaps, given back when empty), so every thread allocates from it: the worker, whose
  /// jobs run in their own thread, took 78 s for a 30-slice job `localize` ran in 27 s (and
  /// 452 s against 128 s for a whole KmeansTest), 30 s with one arena. Call once, before the
  /// first tensor and the first thread.
  static void keepFreedMemory();
};

}  // namespace anomadiff::engine
