#include "run/NativePreviewProgress.h"

#include "localize/NativeMaps.h"

namespace anomadiff::run {

void NativePreviewProgress::preview(const Image& estimate) {
  // A preview on another grid than the model's is not this scan's: passed on as it is.
  if (estimate.geometry() != m_scan.image.geometry()) {
    m_inner.preview(estimate);
    return;
  }
  m_inner.preview(NativeMaps::pseudoHealthy(estimate, m_scan, m_input));
}

}  // namespace anomadiff::run
