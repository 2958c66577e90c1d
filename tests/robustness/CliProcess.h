#pragma once

#include <QString>
#include <QStringList>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace anomadiff::test {

/// What one run of anomadiff-cli did, with what CliRunner.h cannot tell: the signal that ended
/// it and its own peak memory.
struct CliOutcome {
  bool finished = false;  ///< false: killed after the timeout
  int exitCode = -1;      ///< valid when signal == 0
  int signal = 0;         ///< the signal that ended the process, 0 for a normal exit
  QString out;
  QString err;
  long peakRssKiB = 0;  ///< ru_maxrss of this child (wait4)

  /// "exit 1: error: …" or "signal 6 (Aborted): …", for failure messages and the case log.
  QString summary() const {
    QString how = !finished ? QString("timed out")
                  : signal  ? QString("signal %1 (%2)").arg(signal).arg(strsignal(signal))
                            : QString("exit %1").arg(exitCode);
    return how + QString(", %1 MiB: ").arg(peakRssKiB / 1024) + err.trimmed();
  }
};

/// Runs the real anomadiff-cli (ANOMADIFF_CLI) with stdout and stderr in files beside it, so no
/// pipe can fill up, and waits for it with wait4, which reports how it ended and its peak RSS.
class CliProcess {
 public:
  static CliOutcome run(const QStringList& arguments, const std::filesystem::path& logFolder,
                        std::chrono::seconds timeout = std::chrono::seconds(300)) {
    std::filesystem::create_directories(logFolder);
    const std::string outPath = (logFolder / "stdout.txt").string();
    const std::string errPath = (logFolder / "stderr.txt").string();
    std::vector<std::string> words{ANOMADIFF_CLI};
    for (const QString& argument : arguments) words.push_back(argument.toStdString());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    CliOutcome outcome;
    if (spawned != 0) {
      outcome.err = QString("cannot start %1: %2").arg(ANOMADIFF_CLI, strerror(spawned));
      return outcome;
    }

    int status = 0;
    rusage usage{};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    outcome.finished = true;
    while (wait4(pid, &status, WNOHANG, &usage) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid, SIGKILL);
        wait4(pid, &status, 0, &usage);
        outcome.finished = false;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (outcome.finished && WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
    if (outcome.finished && WIFEXITED(status)) outcome.exitCode = WEXITSTATUS(status);
    outcome.peakRssKiB = usage.ru_maxrss;
    outcome.out = QString::fromStdString(text(outPath));
    outcome.err = QString::fromStdString(text(errPath));
    return outcome;
  }

 private:
  static std::string text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
  }
};

}  // namespace anomadiff::test
