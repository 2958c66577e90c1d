// anomadiff-fake-worker: the worker protocol (core/protocol) with FakeCatalog and
// FakeLocalization behind it instead of the engine. GUI tests start it in place of
// `anomadiff-cli worker` (WorkerSettings.program); it accepts and ignores the same arguments.
// Like the real worker: one job at a time in a thread, a new `localize` cancels the running one,
// `cancel`, `quit` and `ping` are read while a job runs, a bad request is an `error` event.
// Two faults for the supervision tests: `--fail-while-exists FILE` exits with status 3 at start
// while FILE exists (a worker that cannot start), and a `localize` with method "hang" stops
// reading requests for good (a worker that no longer answers).
#include "FakeCatalog.h"
#include "FakeLocalization.h"
#include "common/Error.h"
#include "common/Version.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

using namespace anomadiff;
using anomadiff::test::FakeCatalog;
using anomadiff::test::FakeLocalization;

namespace {

std::mutex outputMutex;

void send(const std::optional<std::string>& id, protocol::WorkerEvent::Body body) {
  const std::string line = protocol::encodeEvent({id, std::move(body)});
  const std::lock_guard lock(outputMutex);
  std::cout << line << std::endl;
}

/// The running job, if any, and how to stop it.
class FakeSession {
 public:
  explicit FakeSession(std::filesystem::path previews) : m_previews(std::move(previews)) {}
  ~FakeSession() { stop(); }

  void stop() {
    if (!m_job.joinable()) return;
    m_cancel.cancel();
    m_job.join();
  }

  void start(const std::optional<std::string>& id, const protocol::LocalizeCommand& command) {
    stop();
    m_cancel = CancelToken();
    m_job = std::thread([id, command, cancel = m_cancel, previews = m_previews] {
      try {
        const auto emit = [&](protocol::WorkerEvent::Body body) { send(id, std::move(body)); };
        send(id, FakeLocalization(command, previews).run(emit, cancel));
      } catch (const Cancelled&) {
        send(id, protocol::CancelledEvent{});
      } catch (const std::exception& error) {
        send(id, protocol::ErrorEvent{error.what()});
      }
    });
  }

 private:
  std::filesystem::path m_previews;
  std::thread m_job;
  CancelToken m_cancel;
};

/// The value after `--fail-while-exists`, if given.
std::optional<std::filesystem::path> failFileOf(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--fail-while-exists") return std::filesystem::path(argv[i + 1]);
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  if (const auto failFile = failFileOf(argc, argv);
      failFile && std::filesystem::exists(*failFile)) {
    std::cerr << "fake worker: cannot start while " << failFile->string() << " exists\n";
    return 3;
  }
  const auto previews = std::filesystem::temp_directory_path() /
                        ("anomadiff-fake-worker-" + std::to_string(::getpid()));
  std::filesystem::create_directories(previews);
  {
    FakeSession session(previews);
    send(std::nullopt, protocol::ReadyEvent{kVersion});
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.empty()) continue;
      try {
        const auto request = protocol::decodeRequest(line);
        if (const auto* localize = std::get_if<protocol::LocalizeCommand>(&request.command)) {
          if (localize->method == "hang") std::this_thread::sleep_for(std::chrono::hours(24));
          session.start(request.id, *localize);
        } else if (std::holds_alternative<protocol::PingCommand>(request.command)) {
          send(request.id, protocol::PongEvent{});
        } else if (std::holds_alternative<protocol::MethodsCommand>(request.command)) {
          send(request.id, protocol::MethodsEvent{FakeCatalog::data()});
        } else if (std::holds_alternative<protocol::CancelCommand>(request.command)) {
          session.stop();
        } else if (std::holds_alternative<protocol::QuitCommand>(request.command)) {
          break;
        } else {
          send(request.id, protocol::ErrorEvent{"the fake worker does not load models"});
        }
      } catch (const protocol::RequestError& error) {
        send(error.id(), protocol::ErrorEvent{error.what()});
      }
    }
  }
  std::filesystem::remove_all(previews);
  return 0;
}
