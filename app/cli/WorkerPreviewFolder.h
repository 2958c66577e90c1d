#pragma once

#include <filesystem>

namespace anomadiff::cli {

/// The worker's own temporary folder for preview files (`<tmp>/anomadiff-worker-<pid>`), kept out
/// of every job's output folder (which must stay untouched until the job succeeds). Removed when
/// the worker ends normally; a worker that was killed (the GUI kills a hung one, a crash) cannot
/// clean up, so each new worker removes the folders of workers that are no longer running.
class WorkerPreviewFolder {
 public:
  /// Removes stale sibling folders of dead processes; creates nothing yet.
  WorkerPreviewFolder();
  ~WorkerPreviewFolder();
  WorkerPreviewFolder(const WorkerPreviewFolder&) = delete;
  WorkerPreviewFolder& operator=(const WorkerPreviewFolder&) = delete;

  /// A fresh file name for one job's previews (the folder is created on first use); empty when
  /// the folder cannot be created — previews are then skipped, the job still runs.
  std::filesystem::path nextFile();

 private:
  static void removeFoldersOfEndedWorkers(const std::filesystem::path& parent);

  std::filesystem::path m_path;
  int m_files = 0;
};

}  // namespace anomadiff::cli
