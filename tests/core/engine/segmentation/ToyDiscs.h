#pragma once
// The toy segmentation task both segmentation tests learn: grey 16 × 16 images with one bright
// disc (the "lesion"), its exact mask, and the training source that serves both.

#include "engine/io/SafeTensorsModule.h"
#include "engine/training/TrainingDataSource.h"

#include <torch/torch.h>

#include <random>

namespace anomadiff::test {

constexpr int kToySide = 16;

struct ToyDiscs {
  torch::Tensor images;  // [N, 1, 16, 16] in [−1, 1]
  torch::Tensor masks;   // [N, 1, 16, 16] in {0, 1}

  static ToyDiscs make(int count, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> centre(4.0f, 12.0f);
    std::uniform_real_distribution<float> radius(2.0f, 3.5f);
    auto images = torch::empty({count, 1, kToySide, kToySide});
    auto masks = torch::empty({count, 1, kToySide, kToySide});
    const auto grid = torch::arange(kToySide, torch::kFloat32);
    for (int i = 0; i < count; ++i) {
      const float cx = centre(generator), cy = centre(generator), r = radius(generator);
      const auto distance =
          ((grid - cy).pow(2).unsqueeze(1) + (grid - cx).pow(2).unsqueeze(0)).sqrt();
      masks[i][0] = (distance <= r).to(torch::kFloat32);
      images[i][0] = masks[i][0] * 1.2f - 0.4f;
    }
    return {images, masks};
  }
};

/// The discs as training data, lesion masks included.
class ToyDiscSource final : public engine::TrainingDataSource {
 public:
  explicit ToyDiscSource(ToyDiscs toy) : m_toy(std::move(toy)) {}
  std::int64_t size() const override { return m_toy.images.size(0); }
  engine::TrainingBatch get(const std::vector<std::int64_t>& indices) override {
    const auto rows = torch::tensor(indices, torch::kInt64);
    return {m_toy.images.index_select(0, rows), torch::ones({rows.size(0)}, torch::kInt64),
            m_toy.masks.index_select(0, rows)};
  }

 private:
  ToyDiscs m_toy;
};

inline bool sameWeights(torch::nn::Module& a, torch::nn::Module& b) {
  const auto right = engine::SafeTensorsModule::namedTensors(b);
  for (const auto& [name, tensor] : engine::SafeTensorsModule::namedTensors(a)) {
    if (!torch::equal(tensor, right.at(name))) return false;
  }
  return true;
}

}  // namespace anomadiff::test
