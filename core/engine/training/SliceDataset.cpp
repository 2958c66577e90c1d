#include "engine/training/SliceDataset.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "engine/io/SafeTensorsFile.h"
#include "engine/io/Sha256.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

namespace anomadiff::engine {
namespace {

constexpr const char* kImagesKey = "images";
constexpr const char* kLabelsKey = "labels";
constexpr const char* kBrainMasksKey = "brain_masks";
constexpr const char* kLesionMasksKey = "lesion_masks";
constexpr const char* kSlicesKey = "slices";

std::string shapeText(const torch::Tensor& tensor) {
  std::ostringstream text;
  text << tensor.sizes() << " " << tensor.scalar_type();
  return text.str();
}

const torch::Tensor& tensorNamed(const SafeTensors& file, const char* name,
                                 const std::filesystem::path& path) {
  const auto found = file.tensors.find(name);
  if (found == file.tensors.end()) {
    throw IoError("dataset file '" + path.string() + "' lacks tensor '" + name + "'");
  }
  return found->second;
}

std::string metadataNamed(const SafeTensors& file, const char* name,
                          const std::filesystem::path& path) {
  const auto found = file.metadata.find(name);
  if (found == file.metadata.end()) {
    throw IoError("dataset file '" + path.string() + "' lacks metadata '" + name +
                  "' (not written by make-dataset?)");
  }
  return found->second;
}

}  // namespace

SliceDataset::SliceDataset(torch::Tensor images, torch::Tensor labels, torch::Tensor brainMasks,
                           torch::Tensor lesionMasks, torch::Tensor slices,
                           nlohmann::json description)
    : m_images(std::move(images)),
      m_labels(std::move(labels)),
      m_brainMasks(std::move(brainMasks)),
      m_lesionMasks(std::move(lesionMasks)),
      m_slices(std::move(slices)),
      m_description(std::move(description)) {
  validate();
  m_images = m_images.contiguous();
  m_labels = m_labels.contiguous();
  m_brainMasks = m_brainMasks.contiguous();
  m_lesionMasks = m_lesionMasks.contiguous();
  m_slices = m_slices.contiguous();
}

void SliceDataset::validate() const {
  if (!m_images.defined() || m_images.dim() != 4 || m_images.size(0) == 0 ||
      m_images.size(1) != 1 || m_images.size(2) != m_images.size(3) ||
      m_images.scalar_type() != torch::kFloat32) {
    throw InvalidArgument("dataset images must be a non-empty float32 [N, 1, R, R] tensor, got " +
                          (m_images.defined() ? shapeText(m_images) : std::string("none")));
  }
  const auto count = m_images.size(0);
  const auto checkVector = [&](const torch::Tensor& tensor, const char* name) {
    if (!tensor.defined() || tensor.dim() != 1 || tensor.size(0) != count ||
        tensor.scalar_type() != torch::kInt64) {
      throw InvalidArgument(std::string("dataset ") + name + " must be int64 [" +
                            std::to_string(count) + "], got " +
                            (tensor.defined() ? shapeText(tensor) : std::string("none")));
    }
  };
  const auto checkMask = [&](const torch::Tensor& tensor, const char* name) {
    if (!tensor.defined() || !tensor.sizes().equals(m_images.sizes()) ||
        tensor.scalar_type() != torch::kUInt8) {
      throw InvalidArgument(std::string("dataset ") + name + " must be uint8 like the images " +
                            shapeText(m_images) + ", got " +
                            (tensor.defined() ? shapeText(tensor) : std::string("none")));
    }
  };
  checkVector(m_labels, kLabelsKey);
  checkVector(m_slices, kSlicesKey);
  checkMask(m_brainMasks, kBrainMasksKey);
  checkMask(m_lesionMasks, kLesionMasksKey);
  if (m_labels.lt(kHealthy).any().item<bool>() || m_labels.gt(kAnomalous).any().item<bool>()) {
    throw InvalidArgument("dataset labels must be 0 (healthy) or 1 (anomalous)");
  }
  if (!torch::isfinite(m_images).all().item<bool>()) {
    throw InvalidArgument("dataset images hold NaN or infinite values");
  }
  // The held-out slab is the evaluation's; a set that contains one of its slices is refused
  // here, whoever built it.
  if (m_description.contains("holdout")) {
    const auto& holdout = m_description.at("holdout");
    const auto begin = holdout.at("begin").get<std::int64_t>();
    const auto end = holdout.at("end").get<std::int64_t>();
    const auto inside = m_slices.ge(begin).logical_and(m_slices.lt(end));
    if (inside.any().item<bool>()) {
      const auto first = m_slices.masked_select(inside)[0].item<std::int64_t>();
      throw InvalidArgument("dataset holds slice " + std::to_string(first) +
                            " of the held-out slab " + std::to_string(begin) + ":" +
                            std::to_string(end));
    }
  }
}

SliceDataset SliceDataset::load(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    throw IoError("dataset folder '" + folder.string() + "' does not exist");
  }
  const auto path = folder / kTensorFile;
  if (!std::filesystem::is_regular_file(path)) {
    throw IoError("dataset folder '" + folder.string() + "' has no " + kTensorFile +
                  " (make it with anomadiff-cli make-dataset)");
  }
  const SafeTensors file = SafeTensorsFile::read(path);
  if (metadataNamed(file, "format", path) != kFormat ||
      metadataNamed(file, "format_version", path) != std::to_string(kFormatVersion)) {
    throw IoError("dataset file '" + path.string() + "' is not an " + kFormat + " version " +
                  std::to_string(kFormatVersion));
  }
  nlohmann::json description;
  try {
    description = nlohmann::json::parse(metadataNamed(file, "description", path));
  } catch (const nlohmann::json::exception& error) {
    throw IoError("dataset file '" + path.string() +
                  "' has an unreadable description: " + error.what());
  }
  if (!description.is_object() || !description.contains("holdout")) {
    throw IoError("dataset file '" + path.string() + "' does not record its held-out slab");
  }
  try {
    SliceDataset dataset(tensorNamed(file, kImagesKey, path), tensorNamed(file, kLabelsKey, path),
                         tensorNamed(file, kBrainMasksKey, path),
                         tensorNamed(file, kLesionMasksKey, path),
                         tensorNamed(file, kSlicesKey, path), std::move(description));
    dataset.m_sha256 = Sha256::ofFile(path);
    return dataset;
  } catch (const InvalidArgument& error) {
    throw IoError("dataset file '" + path.string() + "': " + error.what());
  } catch (const nlohmann::json::exception& error) {
    throw IoError("dataset file '" + path.string() +
                  "' has a malformed description: " + error.what());
  }
}

void SliceDataset::save(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  const auto path = folder / kTensorFile;
  SafeTensorsFile::write(path,
                         {{kImagesKey, m_images},
                          {kLabelsKey, m_labels},
                          {kBrainMasksKey, m_brainMasks},
                          {kLesionMasksKey, m_lesionMasks},
                          {kSlicesKey, m_slices}},
                         {{"format", kFormat},
                          {"format_version", std::to_string(kFormatVersion)},
                          {"description", m_description.dump()}});
  m_sha256 = Sha256::ofFile(path);
  nlohmann::json readable = m_description;
  readable["file"] = kTensorFile;
  readable["sha256"] = m_sha256;
  TextFileWriter().write(folder / kDescriptionFile, readable.dump(2) + "\n");
}

std::vector<std::int64_t> SliceDataset::rows(std::optional<std::int64_t> label) const {
  std::vector<std::int64_t> result;
  const auto* values = m_labels.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < size(); ++i) {
    if (!label || values[i] == *label) result.push_back(i);
  }
  return result;
}

std::int64_t SliceDataset::count(std::int64_t label) const {
  return static_cast<std::int64_t>(rows(label).size());
}

std::vector<std::int64_t> SliceDataset::sliceNumbers() const {
  const auto* values = m_slices.data_ptr<std::int64_t>();
  std::vector<std::int64_t> result(values, values + size());
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

std::vector<std::int64_t> SliceDataset::rowsOfSlices(const std::vector<std::int64_t>& rows,
                                                     const std::vector<std::int64_t>& sliceSet,
                                                     bool keep) const {
  const auto* values = m_slices.data_ptr<std::int64_t>();
  std::vector<std::int64_t> result;
  for (const auto row : rows) {
    const bool member = std::find(sliceSet.begin(), sliceSet.end(), values[row]) != sliceSet.end();
    if (member == keep) result.push_back(row);
  }
  return result;
}

std::vector<std::int64_t> SliceDataset::balancedRows(const std::vector<std::int64_t>& rows) const {
  const auto* labels = m_labels.data_ptr<std::int64_t>();
  std::vector<std::int64_t> healthy;
  std::vector<std::int64_t> anomalous;
  for (const auto row : rows) (labels[row] == kHealthy ? healthy : anomalous).push_back(row);
  std::size_t copies = 0;
  if (!healthy.empty()) {
    copies = std::max<std::size_t>(1, (anomalous.size() + healthy.size() / 2) / healthy.size());
  }
  std::vector<std::int64_t> result;
  for (std::size_t k = 0; k < copies; ++k) {
    result.insert(result.end(), healthy.begin(), healthy.end());
  }
  result.insert(result.end(), anomalous.begin(), anomalous.end());
  return result;
}

std::vector<std::int64_t> SliceDataset::heldBackSlices(double fraction, std::uint64_t seed) const {
  auto slices = sliceNumbers();
  if (!(fraction > 0.0) || slices.size() < 2) return {};
  const auto count =
      std::min(static_cast<std::size_t>(std::ceil(fraction * slices.size())), slices.size() - 1);
  std::mt19937_64 random(seed ^ 0x7e1dbacc5ull);
  for (std::size_t k = slices.size() - 1; k > 0; --k) {
    std::swap(slices[k], slices[random() % (k + 1)]);
  }
  slices.resize(count);
  std::sort(slices.begin(), slices.end());
  return slices;
}

}  // namespace anomadiff::engine
