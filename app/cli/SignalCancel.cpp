#include "cli/SignalCancel.h"

#include <atomic>

namespace anomadiff::cli {
namespace {

// The handler may only touch lock-free atomics: it reads this pointer and sets the token's
// atomic flag.
std::atomic<CancelToken*> g_token{nullptr};

}  // namespace

SignalCancel::SignalCancel(CancelToken token) : m_token(std::move(token)) {
  g_token.store(&m_token);
  struct sigaction action {};
  action.sa_handler = &SignalCancel::handle;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &m_previousInterrupt);
  sigaction(SIGTERM, &action, &m_previousTerminate);
}

SignalCancel::~SignalCancel() {
  sigaction(SIGINT, &m_previousInterrupt, nullptr);
  sigaction(SIGTERM, &m_previousTerminate, nullptr);
  g_token.store(nullptr);
}

void SignalCancel::handle(int signal) {
  CancelToken* token = g_token.load();
  if (token == nullptr || token->isCancelled()) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  token->cancel();
}

}  // namespace anomadiff::cli
