#pragma once

#include <string_view>

namespace anomadiff {

/// Receives progress from long jobs. Declared low (core) and implemented high: a console bar in
/// the CLI, JSON events in the worker, a progress bar in the GUI.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  /// Called after each unit of work; `stage` names what is running ("encode", "denoise", ...).
  virtual void progress(int done, int total, std::string_view stage) = 0;
};

/// A sink that ignores everything, for callers that do not report progress.
class NullProgressSink final : public ProgressSink {
 public:
  void progress(int, int, std::string_view) override {}
};

}  // namespace anomadiff
