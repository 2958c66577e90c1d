#include "export/ExportFolderCheck.h"

#include "common/Error.h"

#include <algorithm>

namespace anomadiff::gui {

std::filesystem::path ExportFolderCheck::normalized(const std::filesystem::path& path) {
  // weakly_canonical resolves symbolic links of the part that exists, so two spellings of one
  // folder compare equal; the trailing "." of "dir/" is dropped for the same reason.
  auto result = std::filesystem::weakly_canonical(std::filesystem::absolute(path));
  if (result.filename().empty() || result.filename() == ".") result = result.parent_path();
  return result;
}

bool ExportFolderCheck::isInside(const std::filesystem::path& path,
                                 const std::filesystem::path& folder) {
  const auto [folderEnd, pathAt] =
      std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return folderEnd == folder.end();
}

void ExportFolderCheck::require(const std::filesystem::path& target,
                                const std::filesystem::path& resultFolder,
                                const std::filesystem::path& input) {
  if (target.empty()) throw InvalidArgument("no export folder chosen");
  const std::string named = "export folder '" + target.string() + "'";
  if (std::filesystem::exists(target) && !std::filesystem::is_directory(target)) {
    throw InvalidArgument(named + " is a file, not a folder");
  }
  const auto folder = normalized(target);
  // Inside counts too: the controller prunes old run folders, and the export with them.
  if (!resultFolder.empty() && isInside(folder, normalized(resultFolder))) {
    throw InvalidArgument(named + " is the result's own folder or inside it; choose another one");
  }
  if (input.empty()) return;
  const auto inputPath = normalized(input);
  if (folder == inputPath.parent_path()) {
    throw InvalidArgument(named + " holds the input '" + input.string() +
                          "'; choose another one so no input file can be replaced");
  }
  if (std::filesystem::is_directory(inputPath) && isInside(folder, inputPath)) {
    throw InvalidArgument(named + " is inside the input folder '" + input.string() + "'");
  }
}

}  // namespace anomadiff::gui
