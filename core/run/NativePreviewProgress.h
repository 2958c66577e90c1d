#pragma once

#include "common/ProgressSink.h"
#include "image/Image.h"
#include "preprocess/PreparedScan.h"

namespace anomadiff::run {

/// Passes a method's progress on and brings its previews — on the model's grid, a volume's
/// finished slices reconstructed and the rest still the input — onto the scan's own grid
/// (NativeMaps), where the GUI shows them as slices finish.
class NativePreviewProgress final : public ProgressSink {
 public:
  /// `scan` is what the intake made of `input`; both must outlive this sink.
  NativePreviewProgress(ProgressSink& inner, const preprocess::PreparedScan& scan,
                        const Image& input)
      : m_inner(inner), m_scan(scan), m_input(input) {}

  void progress(int done, int total, std::string_view stage) override {
    m_inner.progress(done, total, stage);
  }
  bool wantsPreview() override { return m_inner.wantsPreview(); }
  void preview(const Image& estimate) override;

 private:
  ProgressSink& m_inner;
  const preprocess::PreparedScan& m_scan;
  const Image& m_input;
};

}  // namespace anomadiff::run
