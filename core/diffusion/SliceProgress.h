#pragma once

#include "common/ProgressSink.h"

namespace anomadiff::diffusion {

/// Maps the progress of batch `index` of `count` onto the whole job, so a volume's bar runs
/// once from 0 to the end instead of restarting for every batch of slices.
class SliceProgress final : public ProgressSink {
 public:
  SliceProgress(ProgressSink& whole, int index, int count)
      : m_whole(whole), m_index(index), m_count(count) {}

  void progress(int done, int total, std::string_view stage) override {
    m_whole.progress(m_index * total + done, m_count * total, stage);
  }

 private:
  ProgressSink& m_whole;
  int m_index;
  int m_count;
};

}  // namespace anomadiff::diffusion
