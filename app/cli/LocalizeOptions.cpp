#include "cli/LocalizeOptions.h"

#include <CLI/CLI.hpp>

namespace anomadiff::cli {

void LocalizeOptions::addTo(CLI::App& c) {
  c.add_option("--threshold", m_request.threshold,
               "auto (calibrated 5 % FPR, else Otsu) | fpr5 | fpr1 | otsu | VALUE")
      ->capture_default_str();
  c.add_option("--min-box-area", m_request.minimumBoxArea,
               "Components with fewer voxels are not reported as boxes")
      ->capture_default_str();
  c.add_option("--finding-gate", m_request.findingGate,
               "auto (the bundle's calibrated gate: <= 0.2 false boxes per healthy slice, else "
               "its calibrated peak) | none | STAT:VALUE (STAT mean, peak or mass = summed "
               "anomaly): components whose STAT stays below VALUE are not findings")
      ->capture_default_str();
  c.add_option("--finding-peak", m_request.findingPeak,
               "auto | none | VALUE: the same as --finding-gate peak:VALUE (older option)")
      ->capture_default_str();
  c.add_option("--scan-kind", m_request.intake.scanKind,
               "detect | raw (with skull: registered to the template head, brain from the "
               "template) | skull-stripped")
      ->capture_default_str();
  c.add_option("--registration", m_request.intake.registration,
               "auto (register the bundle's template to a volume not on its grid) | off")
      ->capture_default_str();
  c.add_option("--bias-correction", m_request.intake.biasCorrection,
               "auto (N4 on raw volumes, with skull) | on | off")
      ->capture_default_str();
  c.add_option("--memory-budget", m_memoryBudgetGib,
               "GiB the job may hold; a larger input is refused from its header (default: 3/4 "
               "of this machine's memory)")
      ->check(CLI::PositiveNumber);
}

run::LocalizeRequest LocalizeOptions::request() const {
  run::LocalizeRequest request = m_request;
  if (m_memoryBudgetGib > 0) {
    request.memoryBudgetBytes = static_cast<std::size_t>(m_memoryBudgetGib * double(1ull << 30));
  }
  return request;
}

}  // namespace anomadiff::cli
