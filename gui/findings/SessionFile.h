#pragma once

#include "findings/Session.h"

#include <filesystem>
#include <string>

namespace anomadiff::gui {

/// A review session as JSON: {version, image_path, result_folder, method, parameters,
/// findings (the boxes.json layout), view {orientation, slice, window, level}}. Writing is
/// atomic (QSaveFile): a crash mid-write leaves the previous session. Reading checks every field
/// and throws IoError naming the file and the bad field, e.g. "view.slice must be an integer".
class SessionFile {
 public:
  std::string toJson(const Session& session) const;
  /// `origin` names the source in errors.
  Session fromJson(const std::string& text, const std::string& origin) const;

  /// Throws IoError when the file cannot be written, InvalidArgument when `path` is the
  /// session's own input image.
  void write(const Session& session, const std::filesystem::path& path) const;
  /// Throws IoError when the file is missing, not JSON, or a field is missing or wrong.
  Session read(const std::filesystem::path& path) const;
};

}  // namespace anomadiff::gui
