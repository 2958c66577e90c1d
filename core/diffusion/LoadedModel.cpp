#include "diffusion/LoadedModel.h"

#include "engine/NoisyClassifierNetAdapter.h"
#include "engine/UNetDenoiser.h"

namespace anomadiff::diffusion {

LoadedModel::LoadedModel(engine::ModelBundle bundle)
    : m_bundle(std::move(bundle)), m_schedule(m_bundle.schedule().build()) {
  m_denoiser = std::make_unique<engine::CountingDenoiser>(m_bundle.createDenoiser());
  if (m_bundle.classifierConfig()) m_classifier = m_bundle.createClassifier();
}

std::shared_ptr<LoadedModel> LoadedModel::load(const std::filesystem::path& folder) {
  return std::shared_ptr<LoadedModel>(new LoadedModel(engine::ModelBundle::load(folder)));
}

}  // namespace anomadiff::diffusion
