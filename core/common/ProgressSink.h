#pragma once

#include <string_view>

namespace anomadiff {

class Image;

/// Receives progress from long jobs. Declared low (core) and implemented high: a console bar in
/// the CLI, JSON events in the worker, a progress bar in the GUI.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  /// Called after each unit of work; `stage` names what is running ("encode", "denoise", ...).
  virtual void progress(int done, int total, std::string_view stage) = 0;
  /// Whether a look at the current pseudo-healthy estimate is wanted now. A GUI wants one now
  /// and then (the sink throttles); computing it costs, so methods ask before they build one.
  virtual bool wantsPreview() { return false; }
  /// The current estimate of the pseudo-healthy image, on the input's grid.
  virtual void preview(const Image& /*estimate*/) {}
};

/// A sink that ignores everything, for callers that do not report progress.
class NullProgressSink final : public ProgressSink {
 public:
  void progress(int, int, std::string_view) override {}
};

}  // namespace anomadiff
