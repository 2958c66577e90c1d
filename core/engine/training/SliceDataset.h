#pragma once

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::engine {

/// A training set of preprocessed 2D slices (what `anomadiff-cli make-dataset` writes): one row
/// per example, healthy slices (label 0) and copies of them with synthetic lesions (label 1),
/// every row remembering the volume slice it came from. The held-out slab is recorded and
/// enforced: a set holding a slice inside it is refused, so training can never see one.
///
/// Files in a dataset folder: dataset.safetensors (tensors "images" [N,1,R,R] float32,
/// "labels" [N] int64, "brain_masks" [N,1,R,R] uint8, "lesion_masks" [N,1,R,R] uint8,
/// "slices" [N] int64; metadata "format", "format_version", "description") and dataset.json
/// (the same description, for people).
class SliceDataset {
 public:
  static constexpr const char* kTensorFile = "dataset.safetensors";
  static constexpr const char* kDescriptionFile = "dataset.json";
  static constexpr const char* kFormat = "anomadiff-slice-dataset";
  static constexpr int kFormatVersion = 1;
  static constexpr std::int64_t kHealthy = 0;
  static constexpr std::int64_t kAnomalous = 1;

  /// Validates shapes, dtypes, labels in {0, 1} and that no slice lies in the description's
  /// "holdout" {"begin", "end"} range; throws InvalidArgument naming the first problem.
  SliceDataset(torch::Tensor images, torch::Tensor labels, torch::Tensor brainMasks,
               torch::Tensor lesionMasks, torch::Tensor slices, nlohmann::json description);

  /// Throws IoError for a missing folder or file, a file of another format or version, or
  /// tensors that do not fit together (naming the file).
  static SliceDataset load(const std::filesystem::path& folder);
  /// Writes both files atomically (creating the folder) and remembers the tensor file's sha256.
  void save(const std::filesystem::path& folder);

  std::int64_t size() const { return m_images.size(0); }
  int resolution() const { return static_cast<int>(m_images.size(3)); }
  const torch::Tensor& images() const { return m_images; }
  const torch::Tensor& labels() const { return m_labels; }
  const torch::Tensor& brainMasks() const { return m_brainMasks; }
  const torch::Tensor& lesionMasks() const { return m_lesionMasks; }
  const torch::Tensor& slices() const { return m_slices; }
  const nlohmann::json& description() const { return m_description; }
  /// sha256 of dataset.safetensors once saved or loaded, empty before.
  const std::string& sha256() const { return m_sha256; }

  /// Rows with the given label (all rows without one), in order.
  std::vector<std::int64_t> rows(std::optional<std::int64_t> label = std::nullopt) const;
  std::int64_t count(std::int64_t label) const;
  /// The distinct volume slices in the set, ascending.
  std::vector<std::int64_t> sliceNumbers() const;
  /// Keeps the rows whose slice is (keep = true) or is not (keep = false) in `sliceSet`.
  std::vector<std::int64_t> rowsOfSlices(const std::vector<std::int64_t>& rows,
                                         const std::vector<std::int64_t>& sliceSet,
                                         bool keep) const;
  /// `rows` with the healthy ones repeated so both classes weigh about the same (make-dataset
  /// writes several lesioned copies per healthy slice).
  std::vector<std::int64_t> balancedRows(const std::vector<std::int64_t>& rows) const;
  /// A seeded choice of ceil(fraction x slices) whole slices (never all of them), ascending:
  /// held back from training to measure accuracy on anatomy the model did not train on.
  std::vector<std::int64_t> heldBackSlices(double fraction, std::uint64_t seed) const;

 private:
  void validate() const;

  torch::Tensor m_images;
  torch::Tensor m_labels;
  torch::Tensor m_brainMasks;
  torch::Tensor m_lesionMasks;
  torch::Tensor m_slices;
  nlohmann::json m_description;
  std::string m_sha256;
};

}  // namespace anomadiff::engine
