#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "image/Image.h"
#include "localize/LocalizationMaps.h"
#include "localize/LocalizerParameters.h"
#include "protocol/ParameterSpec.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// One anomaly localization method. Usable without any widget: the GUI and the CLI only edit
/// its parameters. Implementations live in plugins/ and are created by a LocalizerFactory.
class Localizer {
 public:
  virtual ~Localizer() = default;

  virtual std::string name() const = 0;     ///< e.g. "ddim-cg"; the CLI's --method value
  virtual std::string summary() const = 0;  ///< one line for `anomadiff-cli methods`
  virtual std::vector<ParameterSpec> parameters() const = 0;

  /// Whether run() needs a model bundle (set with useModel) — false for model-free baselines.
  virtual bool needsModel() const { return false; }
  /// Loads the model bundle the next runs use. Throws IoError / InvalidArgument naming the
  /// problem (missing file, hash mismatch, a bundle without a part the method needs).
  virtual void useModel(const std::filesystem::path& bundleFolder) {}
  /// Whether the next runs analyse a whole volume in the template's space: a bundle may give
  /// whole volumes a model of their own (model.json "volume_denoisers"), which then also names
  /// the model in modelHash(). Slices and slabs (the default) use the method's usual model.
  virtual void setWholeVolume(bool wholeVolume) {}
  /// Identity of the loaded model for provenance: name and sha256 of the weights ("" if none).
  virtual std::string modelName() const { return ""; }
  virtual std::string modelHash() const { return ""; }
  /// Images the method's network has evaluated since its model was loaded (0 without a model):
  /// benchmarks turn the difference over one run into network evaluations per reconstruction.
  virtual std::int64_t modelEvaluations() const { return 0; }

  /// Computes the maps for `image` inside `brainMask` (nullptr: the method decides the region).
  /// Throws InvalidArgument for bad parameters or input, Cancelled when `cancel` fires.
  virtual LocalizationMaps run(const Image& image, const Image* brainMask,
                               const LocalizerParameters& parameters, ProgressSink& progress,
                               const CancelToken& cancel) = 0;
};

}  // namespace anomadiff
