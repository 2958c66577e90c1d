#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <filesystem>

namespace anomadiff::test {

/// What one run of the real anomadiff-cli executable returned.
struct CliRun {
  int exitCode = -1;  ///< -1: did not finish in time; -2: crashed
  QString out;
  QString err;
};

/// Runs anomadiff-cli (path from the ANOMADIFF_CLI compile definition) and waits for it; the
/// timeout is multiplied by ANOMADIFF_TEST_TIME_SCALE (tools/test --sanitize sets 4: an
/// instrumented CLI needs a whole volume's time several times over).
inline CliRun runCli(const QStringList& arguments, int timeoutMs = 300000) {
  const int scale = std::max(1, qEnvironmentVariableIntValue("ANOMADIFF_TEST_TIME_SCALE"));
  QProcess process;
  process.start(ANOMADIFF_CLI, arguments);
  if (!process.waitForFinished(timeoutMs * scale)) {
    process.kill();
    process.waitForFinished();
    return {};
  }
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
          QString::fromUtf8(process.readAllStandardOutput()),
          QString::fromUtf8(process.readAllStandardError())};
}

inline QString pathArgument(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

}  // namespace anomadiff::test
