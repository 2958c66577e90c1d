#pragma once

#include "common/ProgressSink.h"

namespace anomadiff {

/// Maps the progress of one stage of a multi-stage job onto the whole job: the stage's `done`
/// is shifted by the work of the stages before it and the total is the whole job's, so the bar
/// runs once instead of restarting for every stage.
class StageProgress final : public ProgressSink {
 public:
  StageProgress(ProgressSink& whole, int before, int wholeTotal)
      : m_whole(whole), m_before(before), m_wholeTotal(wholeTotal) {}

  void progress(int done, int, std::string_view stage) override {
    m_whole.progress(m_before + done, m_wholeTotal, stage);
  }

 private:
  ProgressSink& m_whole;
  int m_before;
  int m_wholeTotal;
};

}  // namespace anomadiff
