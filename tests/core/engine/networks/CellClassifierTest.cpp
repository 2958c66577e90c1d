// The per-cell noisy classifier: its image-level answer is a proper distribution built from the
// cells (the image is healthy when every cell is), and training on lesion masks teaches it where
// a lesion is, not only whether there is one.
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/NoisyClassifierNet.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/NoisyClassifierTrainer.h"
#include "engine/training/TensorDataSource.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <numeric>
#include <random>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

constexpr int kSide = 16, kSquare = 4;

/// Smooth random backgrounds; odd examples carry a bright 4x4 square at a random place, with
/// its exact mask. Our own generator, so the data does not depend on LibTorch's.
class SquareLesions final : public TrainingDataSource {
 public:
  SquareLesions(int count, unsigned seed) : m_count(count), m_seed(seed) {}
  std::int64_t size() const override { return m_count; }
  TrainingBatch get(const std::vector<std::int64_t>& indices) override {
    const auto count = static_cast<std::int64_t>(indices.size());
    TrainingBatch batch{torch::empty({count, 1, kSide, kSide}),
                        torch::zeros({count}, torch::kInt64),
                        torch::zeros({count, 1, kSide, kSide})};
    for (std::int64_t i = 0; i < count; ++i) fill(batch, i, indices[i]);
    return batch;
  }
  static std::vector<std::int64_t> all(int count) {
    std::vector<std::int64_t> indices(count);
    std::iota(indices.begin(), indices.end(), 0);
    return indices;
  }

 private:
  void fill(TrainingBatch& batch, std::int64_t slot, std::int64_t index) const {
    std::mt19937 generator(m_seed * 7919u + static_cast<unsigned>(index));
    std::uniform_real_distribution<float> phase(0.0f, 6.3f);
    std::uniform_int_distribution<int> corner(0, kSide - kSquare);
    const auto grid = torch::arange(kSide, torch::kFloat32);
    const auto waves = 0.3f * torch::sin(grid / 3.0f + phase(generator)).unsqueeze(1) +
                       0.3f * torch::cos(grid / 4.0f + phase(generator)).unsqueeze(0);
    batch.images[slot][0] = waves - 0.2f;
    if (index % 2 == 1) {
      const int y = corner(generator), x = corner(generator);
      using torch::indexing::Slice;
      batch.images[slot][0].index_put_({Slice(y, y + kSquare), Slice(x, x + kSquare)}, 1.0f);
      batch.lesionMasks[slot][0].index_put_({Slice(y, y + kSquare), Slice(x, x + kSquare)}, 1.0f);
      batch.labels[slot] = 1;
    }
  }

  int m_count;
  unsigned m_seed;
};

NoisyClassifierNetConfig cellConfig() {
  NoisyClassifierNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2};
  config.attentionHeads = 2;
  config.head = NoisyClassifierNetConfig::kCellHead;
  return config;
}

}  // namespace

class CellClassifierTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(2); }

  void imageAnswerIsTheProductOfTheCells() {
    torch::manual_seed(1);
    NoisyClassifierNetImpl net(cellConfig());
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({3, 1, kSide, kSide});
    const auto t = torch::full({3}, std::int64_t{10});
    const auto image = net.forward(x, t);
    const auto cells = torch::log_softmax(net.cellLogits(x, t), 1);
    QCOMPARE(cells.size(2), kSide / net.cellSize());
    const auto healthy = cells.select(1, 0).sum({1, 2});
    QVERIFY(torch::allclose(image.select(1, 0), healthy.clamp_max(-1e-6), 1e-5, 1e-6));
    // A distribution over {healthy, anomalous}: the probabilities sum to one.
    QVERIFY(torch::allclose(image.exp().sum(1), torch::ones({3}), 1e-5, 1e-6));
  }

  void learnsWhereTheLesionIs() {
    SquareLesions data(256, 1);
    TrainingOptions options;
    options.steps = 150;
    options.batchSize = 16;
    options.learningRate = 2e-3;
    options.emaDecay = 0.95;
    options.maxTimestep = 100;
    NoisyClassifierTrainer trainer(cellConfig(), NoiseSchedule::linear(), options);
    NullProgressSink progress;
    trainer.train(data, progress, CancelToken());

    SquareLesions test(100, 99);
    const auto batch = test.get(SquareLesions::all(100));
    const double alphaBar = NoiseSchedule::linear().alphaBar(50);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(5);
    const auto xt = std::sqrt(alphaBar) * batch.images +
                    std::sqrt(1.0 - alphaBar) * at::randn(batch.images.sizes(), generator);
    auto& net = *trainer.emaModel();
    torch::NoGradGuard noGrad;
    const auto t = torch::full({100}, std::int64_t{50});
    // Ranking, not argmax: lesion cells are up-weighted in training, so the image-level
    // probabilities lean towards "anomalous"; guidance needs their gradient, not their calibration.
    const auto image = net.forward(xt, t);
    const auto score = image.select(1, 1) - image.select(1, 0);
    const auto healthyScores = score.index({torch::indexing::Slice(0, 100, 2)});
    const auto lesionScores = score.index({torch::indexing::Slice(1, 100, 2)});
    const double auroc = lesionScores.unsqueeze(1)
                             .gt(healthyScores.unsqueeze(0))
                             .to(torch::kFloat64)
                             .mean()
                             .item<double>();
    // The most anomalous cell of each lesion image must overlap its square.
    const auto anomalous = torch::softmax(net.cellLogits(xt, t), 1).select(1, 1);
    const int cell = net.cellSize();
    const auto truth = torch::max_pool2d(batch.lesionMasks, cell, cell).squeeze(1);
    int hits = 0;
    for (int i = 1; i < 100; i += 2) {
      const auto best = anomalous[i].flatten().argmax().item<std::int64_t>();
      hits += truth[i].flatten()[best].item<float>() > 0.5f;
    }
    qInfo("cell classifier at t=50: image AUROC %.3f, top cell on the lesion %d/50", auroc, hits);
    QVERIFY2(auroc > 0.95, qPrintable(QString::number(auroc)));
    QVERIFY2(hits >= 45, qPrintable(QString::number(hits)));
  }

  void needsLesionMasks() {
    TensorDataSource withoutMasks(torch::zeros({4, 1, kSide, kSide}),
                                  torch::zeros({4}, torch::kInt64));
    TrainingOptions options;
    options.steps = 1;
    options.batchSize = 4;
    NoisyClassifierTrainer trainer(cellConfig(), NoiseSchedule::linear(), options);
    NullProgressSink progress;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, trainer.train(withoutMasks, progress, CancelToken()));
  }

  void headIsPartOfTheStoredConfig() {
    const auto config = cellConfig();
    QCOMPARE(NoisyClassifierNetConfig::fromJson(config.toJson()), config);
    auto json = config.toJson();
    json["head"] = "pixels";
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, NoisyClassifierNetConfig::fromJson(json));
    json["head"] = "cells";
    json["classes"] = 3;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, NoisyClassifierNetConfig::fromJson(json));
  }
};

QTEST_APPLESS_MAIN(CellClassifierTest)
#include "CellClassifierTest.moc"
