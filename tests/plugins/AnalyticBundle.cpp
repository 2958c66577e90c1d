#include "AnalyticBundle.h"

#include "engine/io/ModelBundle.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/FewShotHead.h"
#include "engine/networks/NoisyClassifierNet.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>

namespace anomadiff::testing {
namespace {

using nlohmann::json;

engine::EncoderConfig tinyEncoder() {
  engine::EncoderConfig encoder;
  encoder.baseChannels = 4;
  encoder.channelMultipliers = {1, 2};
  encoder.attentionHeads = 1;
  return encoder;
}

void zeroAndSave(torch::nn::Module& module, const std::filesystem::path& path) {
  torch::NoGradGuard noGrad;
  for (auto& parameter : module.parameters()) parameter.zero_();
  engine::SafeTensorsModule::save(module, path);
}

json unetEntry(const std::filesystem::path& folder, const std::string& slot, int classes,
               int inChannels = 1) {
  engine::UNetConfig config;
  static_cast<engine::EncoderConfig&>(config) = tinyEncoder();
  config.classes = classes;
  config.inChannels = inChannels;
  engine::UNetImpl network(config);
  zeroAndSave(network, folder / (slot + ".safetensors"));
  return {{"file", slot + ".safetensors"}, {"architecture", config.toJson()}};
}

/// A zero head over the tiny denoiser's decoder (8 + 4 channels): P(lesion) = ½ everywhere.
json fewShotEntry(const std::filesystem::path& folder) {
  engine::FewShotHeadConfig config;
  config.sourceSlot = "denoiser";
  config.timesteps = {50, 200};
  config.featureChannels = 12;
  config.hidden = 4;
  engine::FewShotHeadImpl head(config);
  zeroAndSave(head, folder / "fewshot.safetensors");
  return {{"file", "fewshot.safetensors"}, {"architecture", config.toJson()}};
}

json classifierEntry(const std::filesystem::path& folder) {
  engine::NoisyClassifierNetConfig config;
  static_cast<engine::EncoderConfig&>(config) = tinyEncoder();
  config.head = engine::NoisyClassifierNetConfig::kCellHead;
  engine::NoisyClassifierNetImpl network(config);
  zeroAndSave(network, folder / "classifier.safetensors");
  return {{"file", "classifier.safetensors"}, {"architecture", config.toJson()}};
}

}  // namespace

void AnalyticBundle::write(const std::filesystem::path& folder, const json& conventions) {
  std::filesystem::create_directories(folder);
  json description = conventions;
  for (const char* dropped :
       {"calibration", "training", "denoiser", "healthy_denoiser", "volume_denoiser", "segmenter",
        "bernoulli_segmenter", "classifier", "fewshot", "volume_parameters"}) {
    description.erase(dropped);
  }
  description["name"] = "analytic-zero-weights";
  description["input"]["resolution"] = kResolution;
  description["denoiser"] = unetEntry(folder, "denoiser", 2);
  description["healthy_denoiser"] = unetEntry(folder, "healthy_denoiser", 0);
  // Whole volumes' own healthy model, for conventions whose volume_denoisers name it.
  description["volume_denoiser"] = unetEntry(folder, "volume_denoiser", 0);
  // The segmenters see (noisy mask, image).
  description["segmenter"] = unetEntry(folder, "segmenter", 0, 2);
  description["bernoulli_segmenter"] = unetEntry(folder, "bernoulli_segmenter", 0, 2);
  description["classifier"] = classifierEntry(folder);
  description["fewshot"] = fewShotEntry(folder);
  // Methods check which noise a denoiser learnt to undo; the zero network undoes any, so it
  // states what the conventions' models state.
  for (const char* slot : {"denoiser", "healthy_denoiser", "volume_denoiser"}) {
    const auto noise = conventions.value("training", json::object())
                           .value(slot, json::object())
                           .value("noise", json("gaussian"));
    description["training"][slot] = {{"noise", noise}, {"steps", 0}};
  }
  engine::ModelBundle::writeDescription(folder, description);
}

}  // namespace anomadiff::testing
