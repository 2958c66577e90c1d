#pragma once

#include "diffusion/LoadedModel.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "localize/Localizer.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace anomadiff::diffusion {

/// The part every diffusion method shares: each axial slice with brain goes through the
/// bundle's training preprocessing (SlicePreprocessor) onto the model grid, slices are
/// reconstructed in batches, and the anomaly map |x − x̂| (model-grid intensity units, brain
/// only, median filtered), the pseudo-healthy image (input intensities) and the ensemble
/// variance come back on exactly the input grid. Subclasses only say how to reconstruct — or,
/// for the segmentation methods (`diffseg`, `bernoulli`), how to sample the lesion mask, whose
/// mean probability is then the anomaly map itself.
class DiffusionLocalizer : public Localizer {
 public:
  bool needsModel() const override { return true; }
  void useModel(const std::filesystem::path& bundleFolder) override;
  void setWholeVolume(bool wholeVolume) override { m_wholeVolume = wholeVolume; }
  std::string modelName() const override;
  std::string modelHash() const override;
  std::int64_t modelEvaluations() const override;

  LocalizationMaps run(const Image& image, const Image* brainMask,
                       const LocalizerParameters& parameters, ProgressSink& progress,
                       const CancelToken& cancel) override;

 protected:
  /// What reconstruct() returns: a pseudo-healthy image, whose difference from the input becomes
  /// the map, or the lesion probability itself (a segmentation method has no pseudo-healthy
  /// image: the input stands in for it, and the map is the mean probability).
  enum class Output { Reconstruction, LesionProbability };

  /// Reconstructs `slices` [B, 1, H, W] (brain in [-1, 1], background -1; `masks` 1 on brain).
  /// Returns the ensemble mean and variance, each [B, 1, H, W] (see output()).
  virtual engine::Reconstruction reconstruct(const LoadedModel& model, const torch::Tensor& slices,
                                             const torch::Tensor& masks,
                                             const LocalizerParameters& parameters,
                                             ProgressSink& progress, const CancelToken& cancel) = 0;

 protected:
  /// Methods that steer towards the healthy class (classifier or classifier-free guidance)
  /// need the class-conditional denoiser; the others use the healthy one when the bundle has it.
  virtual bool isGuided() const { return false; }
  virtual Output output() const { return Output::Reconstruction; }
  /// The bundle entry the method cannot do without (e.g. "segmenter"); "" lets model.json and
  /// isGuided() choose the reconstruction denoiser.
  virtual std::string requiredSlot() const { return ""; }
  /// Refuses, before any slice is prepared, a bundle that lacks what the method needs beyond a
  /// denoiser slot (the `fewshot` head). Throws InvalidArgument naming it.
  virtual void requireModelParts(const LoadedModel& model) const {}
  /// The bundle slot whose denoiser this method reconstructs with (for a whole volume, the
  /// bundle's volume_denoisers choice when it has one).
  std::string denoiserSlot() const;
  /// The slot whose network reads the prepared slices, and so fixes their grid
  /// (ModelBundle::resolution(slot)): the denoiser slot unless a method reads another network.
  virtual std::string inputSlot() const { return denoiserSlot(); }

  /// The loaded bundle; throws InvalidArgument before useModel().
  const LoadedModel& model() const;
  bool hasModel() const { return m_model != nullptr; }

 private:
  /// model.json's training record of this method's denoiser slot ({} when absent).
  nlohmann::json slotTraining(const engine::ModelBundle& bundle) const;
  /// Refuses a noise level above the largest t the method's denoiser was trained on (a level
  /// it never saw gives arbitrary reconstructions); bundles that do not record it pass.
  void requireTrainedLevel(const engine::ModelBundle& bundle,
                           const LocalizerParameters& values) const;
  /// Refuses a forward noise (parameter `noise`: 0 Gaussian, 1 coarse) other than the one the
  /// denoiser learned to undo: a Gaussian model cannot remove coarse noise (validation AP fell
  /// from 0.14 to 0.03) and the reverse holds too. Bundles that do not record it mean Gaussian.
  void requireTrainedNoise(const engine::ModelBundle& bundle,
                           const LocalizerParameters& values) const;

  std::shared_ptr<LoadedModel> m_model;
  bool m_wholeVolume = false;
};

}  // namespace anomadiff::diffusion
