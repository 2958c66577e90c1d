#include "diffusion/DiffusionParameters.h"

#include "common/Error.h"
#include "engine/sampling/SamplerRegistry.h"

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

ParameterSpec DiffusionParameters::levelSpread() {
  return {"level-spread",
          "Level spread ΔL",
          "Members are noised to L, L + ΔL/2 and L + ΔL (a third each): the higher levels remove "
          "larger anomalies, the lower keep detail; 0: all at L",
          0,
          400,
          0,
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
  return ParameterSpec::choice(
      "score", "Anomaly score",
      "residual |x − x̂|; structural: the residual weighted by 1 − SSIM(x, x̂); dissimilarity: "
      "1 − SSIM alone; spread: the residual in units of the ensemble's spread",
      {"residual", "structural", "dissimilarity", "spread"},
      static_cast<std::size_t>(defaultScore));
}

ParameterSpec DiffusionParameters::polarity() {
  return ParameterSpec::choice(
      "polarity", "Polarity",
      "both: bright and dark anomalies; brighter: only brighter than the reconstruction "
      "(hyperintense); darker: only darker (hypointense)",
      {"both", "brighter", "darker"});
}

ParameterSpec DiffusionParameters::noiseKind(engine::NoiseGenerator::Kind defaultKind) {
  return ParameterSpec::choice(
      "noise", "Noise", "gaussian: q(x_L|x_0); coarse: multi-scale (simplex-like) noise",
      engine::NoiseGenerator::kindNames(), static_cast<std::size_t>(defaultKind));
}

ParameterSpec DiffusionParameters::sampler() {
  std::string help = "How x_L is denoised:";
  for (const auto& entry : engine::SamplerRegistry::entries()) {
    help += " " + entry.name + " (" + entry.summary + ");";
  }
  help.back() = '.';
  return ParameterSpec::choice("sampler", "Sampler", help, engine::SamplerRegistry::names());
}

ParameterSpec DiffusionParameters::encoder() {
  return ParameterSpec::choice(
      "encoder", "Encoder",
      "forward-noise: q(x_L|x_0) in one draw; ddim: deterministic DDIM encoding (cached per input)",
      {"forward-noise", "ddim"});
}

engine::ReconstructionOptions DiffusionParameters::reconstruction(
    const LocalizerParameters& parameters, engine::ReconstructionOptions base) {
  base.level = parameters.getInt("noise-level");
  base.steps = parameters.getInt("steps");
  base.ensemble = parameters.getInt("ensemble");
  base.seed = static_cast<std::uint64_t>(parameters.getInt("seed"));
  if (parameters.has("level-spread")) base.levelSpread = parameters.getInt("level-spread");
  if (parameters.has("noise"))
    base.noise = engine::NoiseGenerator::kindAt(parameters.getInt("noise"));
  if (parameters.has("sampler")) {
    base.sampler = engine::SamplerRegistry::byIndex(parameters.getInt("sampler")).name;
  }
  if (parameters.has("encoder")) {
    base.encoder = parameters.getInt("encoder") == 1
                       ? engine::ReconstructionOptions::Encoder::Ddim
                       : engine::ReconstructionOptions::Encoder::ForwardNoise;
  }
  if (base.steps > base.level + 1) {
    throw InvalidArgument("steps K = " + std::to_string(base.steps) +
                          " exceeds noise level L + 1 = " + std::to_string(base.level + 1));
  }
  return base;
}

engine::MaskSamplingOptions DiffusionParameters::maskSampling(
    const LocalizerParameters& parameters) {
  engine::MaskSamplingOptions options;
  options.steps = parameters.getInt("steps");
  options.members = parameters.getInt("ensemble");
  options.seed = static_cast<std::uint64_t>(parameters.getInt("seed"));
  if (parameters.has("mask-threshold")) options.maskThreshold = parameters.get("mask-threshold");
  return options;
}

}  // namespace anomadiff::diffusion
