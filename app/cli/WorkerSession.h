#pragma once

#include "cli/WorkerEvents.h"
#include "cli/WorkerPreviewFolder.h"
#include "common/CancelToken.h"
#include "run/LocalizeJob.h"
#include "run/MethodSetup.h"

#include "protocol/WorkerRequest.h"

#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace anomadiff::cli {

/// The state behind `anomadiff-cli worker`: answers request lines and runs one job at a time in
/// its own thread, so a "cancel" line is read while a job runs. Methods stay prepared across jobs
/// (model loaded once; its DDIM encode cache makes an s-only change skip the encoding). A new
/// "localize" while one runs cancels the running one first: the GUI's latest slider value wins.
class WorkerSession {
 public:
  /// `defaultThreads`: LibTorch threads for a job that names none (the worker's --threads).
  WorkerSession(WorkerEvents& events, int defaultThreads);
  ~WorkerSession();

  /// One request line. Returns false when the worker should exit ("quit").
  bool handle(const std::string& line);

 private:
  struct MethodKey {
    std::optional<std::string> method;
    std::optional<std::string> model;
  };

  using Id = WorkerEvents::Id;
  /// One overload per protocol command (std::visit); false: exit.
  bool carryOut(const Id& id, const protocol::LocalizeCommand& command);
  bool carryOut(const Id& id, const protocol::MethodsCommand& command);
  bool carryOut(const Id& id, const protocol::LoadModelCommand& command);
  bool carryOut(const Id& id, const protocol::CancelCommand& command);
  bool carryOut(const Id& id, const protocol::QuitCommand& command);
  bool carryOut(const Id& id, const protocol::PingCommand& command);
  /// Cancels the running job (if any) and waits for it.
  void stopRunning();
  /// Runs `work` in the job thread, turning its exceptions into protocol events.
  template <typename Work>
  void startJob(const Id& id, Work work);
  run::PreparedMethod& preparedFor(const MethodKey& key);

  WorkerEvents& m_events;
  int m_defaultThreads = 0;
  WorkerPreviewFolder m_previews;
  std::thread m_job;
  CancelToken m_cancel;
  /// Only the job thread touches this, and jobs never overlap.
  std::map<std::pair<std::string, std::string>, run::PreparedMethod> m_prepared;
};

}  // namespace anomadiff::cli
