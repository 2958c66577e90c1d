#include "run/BatchInputs.h"

#include "common/Error.h"
#include "image/ImageReader.h"

#include <algorithm>
#include <fstream>
#include <map>

namespace anomadiff::run {
namespace {

/// An image file's name without its format's ending ("scan.nii.gz" -> "scan"); a series
/// folder's whole name.
std::string stemOf(const std::filesystem::path& path) {
  if (!ImageReader::hasImageFileName(path)) return path.filename().string();
  auto stem = path.stem();
  if (path.extension() == ".gz" || path.extension() == ".GZ") stem = stem.stem();
  return stem.string();
}

std::vector<std::filesystem::path> listFolder(const std::filesystem::path& folder,
                                              const std::filesystem::path& outputDir) {
  std::vector<std::filesystem::path> paths;
  std::error_code error;
  const auto output = std::filesystem::weakly_canonical(outputDir, error);
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    if (entry.is_directory()) {
      if (std::filesystem::weakly_canonical(entry.path(), error) != output) {
        paths.push_back(entry.path());
      }
    } else if (entry.is_regular_file() && ImageReader::hasImageFileName(entry.path())) {
      paths.push_back(entry.path());
    }
  }
  return paths;
}

std::vector<std::filesystem::path> readList(const std::filesystem::path& list) {
  std::ifstream stream(list);
  if (!stream) throw InvalidArgument("--inputs '" + list.string() + "' cannot be read");
  std::vector<std::filesystem::path> paths;
  for (std::string line; std::getline(stream, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const std::filesystem::path path(line);
    paths.push_back(path.is_absolute() ? path : list.parent_path() / path);
  }
  return paths;
}

}  // namespace

std::vector<BatchInput> BatchInputs::resolve(const std::filesystem::path& source,
                                             const std::filesystem::path& outputDir) {
  if (!std::filesystem::exists(source)) {
    throw InvalidArgument("--inputs '" + source.string() + "' does not exist");
  }
  auto paths =
      std::filesystem::is_directory(source) ? listFolder(source, outputDir) : readList(source);
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    throw InvalidArgument("--inputs '" + source.string() + "' holds no image or series folder");
  }
  if (const auto twice = std::adjacent_find(paths.begin(), paths.end()); twice != paths.end()) {
    throw InvalidArgument("--inputs '" + source.string() + "' lists '" + twice->string() +
                          "' twice");
  }
  std::map<std::string, int> uses;
  for (const auto& path : paths) ++uses[stemOf(path)];
  std::vector<BatchInput> inputs;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto name = stemOf(paths[i]);
    if (uses[name] > 1) name += "-" + std::to_string(i);
    inputs.push_back({i, paths[i], name});
  }
  return inputs;
}

}  // namespace anomadiff::run
