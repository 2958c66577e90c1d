#pragma once

#include <filesystem>

namespace anomadiff::gui {

/// Where an export may go. The result folder stays as the worker wrote it (the session and a
/// rerun refer to it, and old run folders are pruned), and the input's folder holds the reader's
/// own data, where an export could replace a file the reader needs; both are refused before
/// anything is written.
class ExportFolderCheck {
 public:
  /// Throws InvalidArgument naming the folder when `target` is empty, an existing file, the
  /// result folder or one inside it, the folder holding `input`, or `input` itself or a folder
  /// inside it (a DICOM series directory). Works for folders that do not exist yet and for relative
  /// paths.
  static void require(const std::filesystem::path& target,
                      const std::filesystem::path& resultFolder,
                      const std::filesystem::path& input);

 private:
  static std::filesystem::path normalized(const std::filesystem::path& path);
  static bool isInside(const std::filesystem::path& path, const std::filesystem::path& folder);
};

}  // namespace anomadiff::gui
