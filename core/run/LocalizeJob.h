#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "run/MethodSetup.h"
#include "run/ScanIntakeChoice.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::run {

/// What one localization writes where, and how boxes are chosen (the `localize` options).
struct LocalizeRequest {
  std::filesystem::path input;
  std::filesystem::path outputDir;
  std::optional<std::filesystem::path> mask;
  std::string threshold = "auto";
  std::string findingGate = "auto";  ///< FindingGateChoice: auto | none | STAT:VALUE
  std::string findingPeak = "auto";  ///< the former option, a peak gate: auto | none | VALUE
  std::size_t minimumBoxArea = 10;
  IntakeRequest intake;
  /// Bytes a job may hold (JobMemory); 0: three quarters of the machine's memory.
  std::size_t memoryBudgetBytes = 0;
};

struct LocalizeOutcome {
  std::size_t boxes = 0;
  double threshold = 0.0;
  std::string thresholdSource;
  double seconds = 0.0;
  std::vector<std::string> warnings;  ///< the intake's (doubtful registration, ...)
};

/// One localization with a prepared method: reads and checks the input and mask, brings the scan
/// into the model's space (ScanIntake: orientation, registration, brain mask), runs the method,
/// chooses threshold and findings there, and writes every contract file (docs/ARCHITECTURE.md
/// §4.2) atomically on the scan's own grid; the figures show the model-space slices. Shared by
/// `localize` (one job per process) and `worker` (many jobs on one loaded model, so its encode
/// cache carries over). Every check happens before the first file is written, so a refused or
/// cancelled job leaves the output folder as it was.
class LocalizeJob {
 public:
  explicit LocalizeJob(LocalizeRequest request) : m_request(std::move(request)) {}

  /// Throws InvalidArgument / IoError naming the problem, Cancelled when `cancel` fires.
  LocalizeOutcome run(PreparedMethod& method, ProgressSink& progress,
                      const CancelToken& cancel) const;

 private:
  LocalizeRequest m_request;
};

}  // namespace anomadiff::run
