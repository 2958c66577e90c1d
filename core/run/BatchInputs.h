#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::run {

/// One input of a batch and where its results go.
struct BatchInput {
  std::size_t index = 0;       ///< position in the whole, sorted batch (what shards split)
  std::filesystem::path path;  ///< image file or DICOM series folder
  std::string resultName;      ///< the result folder's name inside the batch's output
};

/// The inputs of `anomadiff-cli batch`: a folder's image files (the names ImageReader reads:
/// ImageReader::hasImageFileName) and sub-folders (DICOM series), or a list file with one path per
/// line (relative paths from the list's folder; blank lines and # comments skipped). Sorted by
/// path, so every shard of every process sees the same numbering. Result names come from the file
/// or folder name and stay unique (a repeated name gets "-<index>").
class BatchInputs {
 public:
  /// Throws InvalidArgument naming `source` when it does not exist, lists nothing, or lists a
  /// path twice. `outputDir` is skipped when it lies inside a listed folder.
  static std::vector<BatchInput> resolve(const std::filesystem::path& source,
                                         const std::filesystem::path& outputDir);
};

}  // namespace anomadiff::run
