#include "diffusion/LoadedModel.h"

#include "common/Error.h"
#include "engine/networks/FewShotHead.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "engine/networks/UNetDenoiser.h"

namespace anomadiff::diffusion {

LoadedModel::LoadedModel(engine::ModelBundle bundle)
    : m_bundle(std::move(bundle)), m_schedule(m_bundle.schedule().build()) {
  for (const auto& slot : engine::ModelBundle::unetSlots()) {
    if (!m_bundle.hasDenoiser(slot)) continue;
    auto denoiser = m_bundle.createDenoiser(slot);
    m_networks[slot] = &denoiser->model();
    m_denoisers[slot] = std::make_unique<engine::CountingDenoiser>(std::move(denoiser));
  }
  if (m_bundle.classifierConfig()) m_classifier = m_bundle.createClassifier();
  if (m_bundle.fewShotConfig()) m_fewShotHead = m_bundle.createFewShotHead();
}

engine::Denoiser& LoadedModel::denoiser(const std::string& slot) const {
  const auto found = m_denoisers.find(slot);
  if (found == m_denoisers.end()) {
    throw InvalidArgument("model '" + m_bundle.name() + "' has no '" + slot + "' denoiser");
  }
  return *found->second;
}

engine::UNetImpl& LoadedModel::network(const std::string& slot) const {
  const auto found = m_networks.find(slot);
  if (found == m_networks.end()) {
    throw InvalidArgument("model '" + m_bundle.name() + "' has no '" + slot + "' network");
  }
  return *found->second;
}

std::int64_t LoadedModel::denoiserEvaluations() const {
  std::int64_t rows = 0;
  for (const auto& entry : m_denoisers) rows += entry.second->rows();
  return rows;
}

void LoadedModel::observeDenoiser(const engine::CountingDenoiser::Observer& observer) const {
  for (const auto& entry : m_denoisers) entry.second->setObserver(observer);
}

std::shared_ptr<LoadedModel> LoadedModel::load(const std::filesystem::path& folder) {
  return std::shared_ptr<LoadedModel>(new LoadedModel(engine::ModelBundle::load(folder)));
}

}  // namespace anomadiff::diffusion
