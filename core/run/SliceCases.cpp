#include "run/SliceCases.h"

#include "common/Error.h"
#include "image/ImageReader.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SliceExtractor.h"
#include "run/SliceRange.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

namespace anomadiff::run {
namespace {

using preprocess::BrainMask;
using preprocess::SliceExtractor;

constexpr std::size_t kMinimumBrainPixels = 100;

Image readFinite(const std::filesystem::path& path) {
  Image image = ImageReader().read(path);
  if (const std::size_t bad = image.nonFiniteCount(); bad > 0) {
    throw InvalidArgument("'" + path.string() + "' has " + std::to_string(bad) +
                          " NaN or infinite voxels");
  }
  return image;
}

Image readSameGrid(const std::filesystem::path& path, const Image& reference) {
  Image image = readFinite(path);
  if (image.geometry().size != reference.geometry().size) {
    throw InvalidArgument("'" + path.string() + "' has another size than its image");
  }
  return image;
}

/// Case id → strata, from the generator's manifest; an unreadable manifest only loses strata.
std::map<std::string, std::vector<std::string>> strataOf(const std::filesystem::path& folder) {
  std::map<std::string, std::vector<std::string>> strata;
  std::ifstream file(folder / "cases.json");
  const auto manifest = nlohmann::json::parse(file, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("cases")) return strata;
  for (const auto& entry : manifest["cases"]) {
    if (!entry.contains("id")) continue;
    auto& groups = strata[entry["id"].get<std::string>()];
    if (entry.contains("spec") && entry["spec"].contains("family")) {
      groups.push_back("family=" + entry["spec"]["family"].get<std::string>());
    }
    if (entry.contains("label_fraction")) {
      const double fraction = entry["label_fraction"].get<double>();
      groups.push_back(fraction < 0.005  ? "size=small"
                       : fraction < 0.02 ? "size=medium"
                                         : "size=large");
    }
  }
  return strata;
}

}  // namespace

std::vector<SliceCase> SliceCases::fromCaseFolder(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    throw IoError("case folder '" + folder.string() + "' does not exist");
  }
  const std::string suffix = "_image.nii.gz";
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind("case_", 0) == 0 && file.size() > suffix.size() &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      names.push_back(file.substr(0, file.size() - suffix.size()));
    }
  }
  if (names.empty()) {
    throw IoError("case folder '" + folder.string() + "' has no case_*_image.nii.gz");
  }
  std::sort(names.begin(), names.end());
  auto strata = strataOf(folder);
  std::vector<SliceCase> cases;
  for (const auto& name : names) {
    SliceCase item;
    item.name = name;
    item.strata = std::move(strata[name]);
    item.image = readFinite(folder / (name + suffix));
    item.label = BrainMask::fromLabels(readSameGrid(folder / (name + "_label.nii.gz"), item.image));
    item.brain = BrainMask::fromLabels(readSameGrid(folder / (name + "_brain.nii.gz"), item.image));
    cases.push_back(std::move(item));
  }
  return cases;
}

std::vector<SliceCase> SliceCases::healthySlices(const std::filesystem::path& volumePath,
                                                 const std::optional<std::filesystem::path>& mask,
                                                 const std::string& rangeText) {
  const Image volume = readFinite(volumePath);
  if (volume.geometry().is2D()) {
    throw InvalidArgument("healthy slices need a 3D volume; '" + volumePath.string() + "' is 2D");
  }
  std::optional<Image> labels;
  if (mask) labels = readSameGrid(*mask, volume);
  const Image brain = BrainMask::forImage(volume, labels ? &*labels : nullptr);
  const SliceRange range = SliceRange::parse(rangeText, volume.depth(), "z");
  std::vector<SliceCase> cases;
  for (std::size_t z = range.begin; z < range.end; ++z) {
    SliceCase item;
    item.name = "z" + std::to_string(z);
    item.brain = SliceExtractor::extract(brain, 2, z);
    if (BrainMask::voxelCount(item.brain) < kMinimumBrainPixels) continue;
    item.image = SliceExtractor::extract(volume, 2, z);
    cases.push_back(std::move(item));
  }
  if (cases.empty()) {
    throw InvalidArgument("slices " + rangeText + " of '" + volumePath.string() +
                          "' hold no brain");
  }
  return cases;
}

}  // namespace anomadiff::run
