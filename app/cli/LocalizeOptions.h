#pragma once

#include "run/LocalizeJob.h"

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// The options of one localization besides its input and output, shared by `localize` and
/// `batch`: --threshold, --min-box-area, --finding-gate, --finding-peak, --scan-kind,
/// --registration, --bias-correction, --memory-budget. Only the command-line binding.
class LocalizeOptions {
 public:
  void addTo(CLI::App& command);
  /// The request they describe (input and output folder left empty).
  run::LocalizeRequest request() const;

 private:
  run::LocalizeRequest m_request;
  double m_memoryBudgetGib = 0.0;  // 0: JobMemory::defaultBudget()
};

}  // namespace anomadiff::cli
