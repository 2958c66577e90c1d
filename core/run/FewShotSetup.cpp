#include "run/FewShotSetup.h"

#include "common/Error.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNet.h"
#include "engine/training/SliceDataset.h"

#include <random>

namespace anomadiff::run {

FewShotSetup::Source FewShotSetup::loadSource(const std::filesystem::path& bundle,
                                              const std::string& slot) {
  const auto loaded = engine::ModelBundle::load(bundle);
  const auto& config = loaded.denoiserConfig(slot);
  if (!config || config->inChannels != 1) {
    throw InvalidArgument("bundle '" + bundle.string() + "' has no image UNet '" + slot +
                          "' (train it first)");
  }
  auto unet = std::make_shared<engine::UNetImpl>(*config);
  engine::SafeTensorsModule::load(
      *unet, bundle / loaded.description().at(slot).at("file").get<std::string>());
  return {unet, loaded.denoiserSha256(slot)};
}

std::vector<std::int64_t> FewShotSetup::chooseCases(const engine::SliceDataset& dataset, int k,
                                                    std::uint64_t seed) {
  const auto lesioned = dataset.rows(engine::SliceDataset::kAnomalous);
  const auto available = static_cast<std::int64_t>(lesioned.size());
  if (k < 1 || k > available) {
    throw InvalidArgument("--cases " + std::to_string(k) + ": the dataset has " +
                          std::to_string(available) + " lesioned slices");
  }
  // std::mt19937_64's output is fixed by the standard, so the choice is the same everywhere.
  const auto offset = static_cast<std::int64_t>(std::mt19937_64(seed)() % std::uint64_t(available));
  std::vector<std::int64_t> rows;
  for (std::int64_t i = 0; i < k; ++i) {
    rows.push_back(lesioned[static_cast<std::size_t>((offset + i * available / k) % available)]);
  }
  return rows;
}

engine::FewShotHeadConfig FewShotSetup::headConfig(const TrainingRequest& request,
                                                   const engine::UNetImpl& source) {
  engine::FewShotHeadConfig config;
  config.sourceSlot = request.featureSlot;
  config.timesteps = request.featureTimesteps;
  config.hidden = request.hidden;
  config.noiseSeed = static_cast<int>(request.seed % 2147483647u);
  for (int channels : source.decoderFeatureChannels()) config.featureChannels += channels;
  config.validate();
  return config;
}

}  // namespace anomadiff::run
