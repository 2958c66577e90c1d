#pragma once

#include <atomic>
#include <memory>

namespace anomadiff {

/// Shared flag a long job polls between steps; copies share the same state, so the GUI or the
/// worker can cancel a job that runs in another thread.
class CancelToken {
 public:
  CancelToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}

  void cancel() { m_flag->store(true, std::memory_order_relaxed); }
  bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> m_flag;
};

}  // namespace anomadiff
