#include "engine/io/TorchRuntime.h"
#include "engine/networks/UNet.h"
#include "engine/training/DiffusionTrainer.h"
#include "engine/training/TensorDataSource.h"

#include "TinyUNet.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using anomadiff::CancelToken;
using anomadiff::NullProgressSink;
using anomadiff::test::tinyUNet;
using namespace anomadiff::engine;

namespace {

constexpr int kSide = 16;

// Oblique ramps of random direction and offset in [-1, 1]: smooth images whose every pixel
// carries signal, so a denoiser can only beat ε̂ = 0 by learning the noise's own structure.
TensorDataSource ramps(int count) {
  torch::manual_seed(7);
  const auto grid = torch::linspace(-1.0, 1.0, kSide);
  const auto y = grid.view({kSide, 1}).expand({kSide, kSide});
  const auto x = grid.view({1, kSide}).expand({kSide, kSide});
  auto images = torch::empty({count, 1, kSide, kSide});
  for (int i = 0; i < count; ++i) {
    const auto angle = torch::rand({1}).item<float>() * 6.2832f;
    const auto offset = torch::rand({1}).item<float>() - 0.5f;
    images[i][0] = (0.5f * (std::cos(angle) * x + std::sin(angle) * y) + offset).clamp(-1.0, 1.0);
  }
  return TensorDataSource(images);
}

std::unique_ptr<DiffusionTrainer> trained(NoiseGenerator::Kind kind, TensorDataSource& data) {
  TrainingOptions options;
  options.steps = 200;
  options.batchSize = 16;
  options.learningRate = 2e-3;
  options.emaDecay = 0.9;
  auto trainer = std::make_unique<DiffusionTrainer>(tinyUNet(), NoiseSchedule::linear(), options,
                                                    NoiseGenerator(kind));
  NullProgressSink progress;
  trainer->train(data, progress, CancelToken());
  return trainer;
}

// Mean squared error of the EMA model's ε̂ against coarse noise it has not seen, at t = 400.
double coarseNoiseError(UNetImpl& model, TensorDataSource& data) {
  const torch::NoGradGuard noGradient;
  model.eval();
  auto generator = at::detail::createCPUGenerator(99);
  const auto x0 = data.get({0, 1, 2, 3, 4, 5, 6, 7}).images;
  const auto epsilon = NoiseGenerator(NoiseGenerator::Kind::Coarse).sample(x0.sizes(), generator);
  const double alphaBar = NoiseSchedule::linear().alphaBars()[400];
  const auto xt = NoiseGenerator::addNoise(x0, epsilon, alphaBar);
  const auto t = torch::full({x0.size(0)}, 400, torch::kInt64);
  return torch::mse_loss(model.forward(xt, t, {}), epsilon).item<double>();
}

}  // namespace

/// `train --noise coarse`: the denoiser learns the noise the reconstruction methods' coarse
/// setting adds (AnoDDPM's point: a model trained on Gaussian noise cannot undo it).
class CoarseNoiseTrainingTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void untrainedLossIsTheUnitVarianceOfTheNoise() {
    // The output conv starts at zero, so the first loss is E[ε²] of coarse noise standardised
    // per image: (n − 1)/n of one, about 1 for 16 × 256 values.
    auto data = ramps(64);
    TrainingOptions options;
    options.steps = 1;
    DiffusionTrainer trainer(tinyUNet(), NoiseSchedule::linear(), options,
                             NoiseGenerator(NoiseGenerator::Kind::Coarse));
    NullProgressSink progress;
    trainer.train(data, progress, CancelToken());
    QVERIFY2(std::fabs(trainer.lossHistory().front().loss - 1.0) < 0.01,
             qPrintable(QString::number(trainer.lossHistory().front().loss)));
  }

  void coarseTrainedModelPredictsCoarseNoiseBetter() {
    auto data = ramps(128);
    const auto gaussian = trained(NoiseGenerator::Kind::Gaussian, data);
    const auto coarse = trained(NoiseGenerator::Kind::Coarse, data);
    const double gaussianError = coarseNoiseError(*gaussian->emaModel(), data);
    const double coarseError = coarseNoiseError(*coarse->emaModel(), data);
    qInfo("ε̂ error on coarse noise at t 400: Gaussian-trained %.3f, coarse-trained %.3f",
          gaussianError, coarseError);
    // Coarse noise is smooth, so a model that learned it predicts it far better than the
    // Gaussian one (whose best guess at a smooth field is its high-pass-free part).
    QVERIFY2(coarseError < 0.5 * gaussianError,
             qPrintable(QString("%1 vs %2").arg(coarseError).arg(gaussianError)));
  }
};

QTEST_GUILESS_MAIN(CoarseNoiseTrainingTest)
#include "CoarseNoiseTrainingTest.moc"
