#pragma once

#include "common/CancelToken.h"
#include "image/Image.h"
#include "protocol/WorkerEvent.h"
#include "protocol/WorkerRequest.h"

#include <filesystem>
#include <functional>

namespace anomadiff::test {

/// One fake `localize`: takes steps × ensemble ticks of kTickMs (cancellable at each), reports
/// progress and one preview, then writes a result folder by the protocol's file names with an
/// analytic map — |x − median| / median inside the brain (x > 0) — and its boxes. Deterministic
/// and model-free, so GUI tests run in seconds; the real worker's tests keep the real engine.
class FakeLocalization {
 public:
  static constexpr int kTickMs = 10;
  using Emit = std::function<void(protocol::WorkerEvent::Body)>;

  FakeLocalization(protocol::LocalizeCommand command, std::filesystem::path previewFolder)
      : m_command(std::move(command)), m_previewFolder(std::move(previewFolder)) {}

  /// Throws InvalidArgument / IoError for a bad request, Cancelled when `cancel` fires.
  protocol::LocalizeResultEvent run(const Emit& emit, const CancelToken& cancel) const;

 private:
  int ticks() const;
  void writeResult(const Image& input, const protocol::LocalizeResultEvent& summary) const;

  protocol::LocalizeCommand m_command;
  std::filesystem::path m_previewFolder;
};

}  // namespace anomadiff::test
