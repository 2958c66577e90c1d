#pragma once

#include "CliProcess.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace anomadiff::test {

/// One bad-input case: a fresh folder with the case's files under in/, the result folder out
/// (not created beforehand) and the CLI's logs under log/. It remembers the bytes of every file
/// under in/ before the run, and checks the promises a refusal makes: a one-line `error: ` that
/// names the file and the problem, a normal exit, nothing written, the inputs untouched, and
/// memory below a bound.
class CaseFolder {
 public:
  static constexpr long kMemoryBoundKiB = 2L << 20;  // 2 GiB

  CaseFolder() { std::filesystem::create_directories(inputs()); }

  std::filesystem::path inputs() const { return root() / "in"; }
  std::filesystem::path in(const std::string& name) const { return inputs() / name; }
  std::filesystem::path out() const { return root() / "out"; }
  std::filesystem::path root() const { return m_dir.path().toStdString(); }
  static QString arg(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
  }

  void write(const std::filesystem::path& path, const std::string& bytes) const {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
  }

  /// Runs the CLI after taking the snapshot of in/; the outcome is logged as one line.
  const CliOutcome& run(const QStringList& arguments,
                        std::chrono::seconds timeout = std::chrono::seconds(300)) {
    m_before = snapshot(inputs());
    m_outcome = CliProcess::run(arguments, root() / "log", timeout);
    qInfo().noquote() << m_outcome.summary();
    return m_outcome;
  }
  const CliOutcome& outcome() const { return m_outcome; }

  /// Empty when the CLI refused as it must; else what went wrong, with its exit and stderr.
  /// `fileName` must appear in the message (empty: no file involved), and so must `problem` (a
  /// case-insensitive regex, matched with the case folder and `fileName` taken out).
  QString refusalProblem(const QString& fileName, const QString& problem) const {
    const QString error = m_outcome.err.trimmed();
    QString wrong;
    if (!m_outcome.finished) {
      wrong = "did not finish";
    } else if (m_outcome.signal != 0) {
      wrong = "ended by a signal";
    } else if (m_outcome.exitCode == 0) {
      wrong = "succeeded";
    } else if (m_outcome.exitCode >= 128) {
      wrong = "exit code >= 128";
    } else if (!error.startsWith("error: ") || error.contains('\n')) {
      wrong = "stderr is not one `error: ` line";
    } else if (!error.contains(fileName, Qt::CaseInsensitive)) {
      wrong = "the message does not name " + fileName;
    } else if (!withoutPaths(error, fileName)
                    .contains(
                        QRegularExpression(problem, QRegularExpression::CaseInsensitiveOption))) {
      wrong = "the message does not name the problem /" + problem + "/";
    }
    if (wrong.isEmpty()) wrong = sideEffectProblem(true);
    return wrong.isEmpty() ? wrong : wrong + " — " + m_outcome.summary();
  }

  /// Empty when the CLI succeeded, wrote its result folder and left the inputs alone.
  QString successProblem() const {
    QString wrong;
    if (!m_outcome.finished || m_outcome.signal != 0 || m_outcome.exitCode != 0) {
      wrong = "did not succeed";
    } else if (!std::filesystem::exists(out() / "anomaly_map.nii.gz") ||
               !std::filesystem::exists(out() / "boxes.json")) {
      wrong = "no anomaly_map.nii.gz or boxes.json in the result folder";
    } else {
      wrong = sideEffectProblem(false);
    }
    return wrong.isEmpty() ? wrong : wrong + " — " + m_outcome.summary();
  }

  /// DICOM series that are not one clean stack: a refusal, or a success that warns (stderr has
  /// a `warning: ` line matching `problem`) — never a silent success.
  QString warnOrRefuseProblem(const QString& fileName, const QString& problem) const {
    if (!(m_outcome.finished && m_outcome.signal == 0 && m_outcome.exitCode == 0)) {
      return refusalProblem(fileName, problem);
    }
    // The product's own `warning: ` lines count; ITK's multi-line console warnings do not.
    for (const QString& line : m_outcome.err.split('\n')) {
      if (line.startsWith("warning: ") &&
          line.contains(QRegularExpression(problem, QRegularExpression::CaseInsensitiveOption)))
        return successProblem();
    }
    return "stacked silently: no warning matching /" + problem + "/ — " + m_outcome.summary();
  }

 private:
  using Snapshot = std::map<std::filesystem::path, std::string>;

  static Snapshot snapshot(const std::filesystem::path& folder) {
    Snapshot files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
      files[entry.path()] = entry.is_regular_file() ? read(entry.path()) : std::string("<dir>");
    }
    return files;
  }

  /// The message without the case folder and the input's name, so a problem keyword cannot
  /// match inside a path ("zero.nrrd" does not say "zero").
  QString withoutPaths(QString message, const QString& fileName) const {
    message.replace(arg(root()), "");
    return fileName.isEmpty() ? message : message.replace(fileName, "<input>");
  }

  QString sideEffectProblem(bool refused) const {
    if (m_outcome.peakRssKiB > kMemoryBoundKiB) {
      return QString("peak memory %1 MiB above the bound").arg(m_outcome.peakRssKiB / 1024);
    }
    if (snapshot(inputs()) != m_before) return "the files under in/ changed";
    if (refused && std::filesystem::exists(out()) && !std::filesystem::is_empty(out())) {
      return "the refused run wrote into its output folder";
    }
    return {};
  }

  QTemporaryDir m_dir;
  Snapshot m_before;
  CliOutcome m_outcome;
};

}  // namespace anomadiff::test
