#include "run/TrainingRequest.h"

#include "common/Error.h"

#include <string>

namespace anomadiff::run {

std::string TrainingRequest::kind() const {
  switch (model) {
    case Model::Denoiser:
      return slot;
    case Model::Classifier:
      return "classifier";
    case Model::Segmenter:
      return diffusion == "bernoulli" ? "bernoulli_segmenter" : "segmenter";
    case Model::FewShot:
      return "fewshot";
  }
  return slot;
}

engine::AugmentationOptions TrainingRequest::augmentationOptions() const {
  if (!augmentation) return engine::AugmentationOptions::none();
  engine::AugmentationOptions options;
  for (const auto& [name, value] : augmentationChanges) options.set(name, value);
  options.validate();
  return options;
}

void TrainingRequest::validate() const {
  if (!augmentation && !augmentationChanges.empty()) {
    throw InvalidArgument("--augment " + augmentationChanges.begin()->first +
                          "=… changes an augmentation that --no-augmentation switches off");
  }
  augmentationOptions();
  if (segmenter() && diffusion != "gaussian" && diffusion != "bernoulli") {
    throw InvalidArgument("--diffusion '" + diffusion + "' is neither gaussian nor bernoulli");
  }
  if (segmenter() && initFrom != "none" && initFrom != "denoiser" &&
      initFrom != "healthy_denoiser") {
    throw InvalidArgument("--init-from '" + initFrom +
                          "' is none of none, denoiser, healthy_denoiser");
  }
  if (kind() == "healthy_denoiser" && !unconditional) {
    throw InvalidArgument("--slot healthy_denoiser needs --unconditional (healthy slices only)");
  }
  if (!(corrupt >= 0.0 && corrupt <= 1.0)) {
    throw InvalidArgument("--corrupt " + std::to_string(corrupt) + " is not a fraction in [0, 1]");
  }
  if (corrupt > 0.0 && !denoiser()) {
    throw InvalidArgument("--corrupt trains a denoiser to restore images; this model is not one");
  }
  if (!(transplant >= 0.0 && transplant <= 1.0)) {
    throw InvalidArgument("--transplant " + std::to_string(transplant) +
                          " is not a fraction in [0, 1]");
  }
  if (transplant > 0.0 && !(corrupt > 0.0)) {
    throw InvalidArgument("--transplant fills some of --corrupt's blobs; it needs --corrupt > 0");
  }
  if (fewShot() && cases < 1) {
    throw InvalidArgument("--cases " + std::to_string(cases) + " is not >= 1");
  }
  if (dataParallel.enabled() && !dataParallelCapable()) {
    throw InvalidArgument("--world-size " + std::to_string(dataParallel.worldSize) +
                          ": data-parallel training covers train and train-classifier only");
  }
  dataParallel.validate();
  if (dataParallel.enabled() && batch % dataParallel.worldSize != 0) {
    throw InvalidArgument("--batch " + std::to_string(batch) + " does not divide among " +
                          std::to_string(dataParallel.worldSize) +
                          " ranks (it is the global batch; each rank takes an equal share)");
  }
  if (steps < 1) throw InvalidArgument("--steps " + std::to_string(steps) + " is not >= 1");
  if (channels < 1) {
    throw InvalidArgument("--channels " + std::to_string(channels) + " is not >= 1");
  }
  if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
    throw InvalidArgument("--validation-fraction " + std::to_string(validationFraction) +
                          " is outside [0, 1)");
  }
}

}  // namespace anomadiff::run
