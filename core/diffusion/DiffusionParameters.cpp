#include "diffusion/DiffusionParameters.h"

#include "common/Error.h"

namespace anomadiff::diffusion {

ParameterSpec DiffusionParameters::noiseLevel(double defaultLevel) {
  return {"noise-level",
          "Noise level L",
          "Diffusion step the input is noised to: higher L removes larger anomalies and more "
          "detail",
          1,
          999,
          defaultLevel,
          true};
}

ParameterSpec DiffusionParameters::steps(double defaultSteps) {
  return {"steps",
          "Steps K",
          "Denoising steps from L back to 0 (respaced); network evaluations per sample",
          1,
          1000,
          defaultSteps,
          true};
}

ParameterSpec DiffusionParameters::ensemble(double defaultMembers) {
  return {"ensemble",
          "Ensemble N",
          "Reconstructions averaged per input (one batch); their variance is the uncertainty map",
          1,
          64,
          defaultMembers,
          true};
}

ParameterSpec DiffusionParameters::seed() {
  return {"seed", "Seed",     "Random seed: the same seed and threads give the same result",
          0,      2147483647, 0,
          true};
}

ParameterSpec DiffusionParameters::guidanceScale(double defaultScale, double maximum,
                                                 const std::string& help) {
  return {"guidance-scale", "Guidance scale s", help, 0, maximum, defaultScale, false};
}

ParameterSpec DiffusionParameters::medianFilter() {
  return {"median",
          "Median filter",
          "Side of the median filter (1, 3 or 5) applied to the anomaly map on the model grid",
          1,
          5,
          5,
          true};
}

ParameterSpec DiffusionParameters::score(double defaultScore) {
  return {"score",
          "Anomaly score",
          "0: residual |x − x̂|; 1: structural, the residual weighted by 1 − SSIM(x, x̂); 2: "
          "1 − SSIM alone; 3: the residual in units of the ensemble's spread",
          0,
          3,
          defaultScore,
          true};
}

ParameterSpec DiffusionParameters::polarity() {
  return {"polarity",
          "Polarity",
          "0: bright and dark anomalies; 1: only brighter than the reconstruction "
          "(hyperintense); 2: only darker (hypointense)",
          0,
          2,
          0,
          true};
}

ParameterSpec DiffusionParameters::noiseKind() {
  return {"noise", "Noise", "0: Gaussian q(x_L|x_0); 1: coarse multi-scale (simplex-like) noise",
          0,       1,       0,
          true};
}

engine::ReconstructionOptions DiffusionParameters::reconstruction(
    const LocalizerParameters& parameters, engine::ReconstructionOptions base) {
  base.level = parameters.getInt("noise-level");
  base.steps = parameters.getInt("steps");
  base.ensemble = parameters.getInt("ensemble");
  base.seed = static_cast<std::uint64_t>(parameters.getInt("seed"));
  if (parameters.has("noise")) {
    base.noise = parameters.getInt("noise") == 1 ? engine::NoiseGenerator::Kind::Coarse
                                                 : engine::NoiseGenerator::Kind::Gaussian;
  }
  if (base.steps > base.level + 1) {
    throw InvalidArgument("steps K = " + std::to_string(base.steps) +
                          " exceeds noise level L + 1 = " + std::to_string(base.level + 1));
  }
  return base;
}

}  // namespace anomadiff::diffusion
