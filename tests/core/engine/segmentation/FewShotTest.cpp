// The fewshot method's parts: diffusion features (shapes, independence of the batch, fixed
// noise), the head's timestep ensembling, and the trainer (determinism, resume, learning a toy
// task from 4 labelled images).
#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/FewShotHead.h"
#include "engine/networks/UNet.h"
#include "engine/segmentation/DiffusionFeatures.h"
#include "engine/training/FewShotTrainer.h"

#include "TestFolder.h"
#include "ToyDiscs.h"

#include <QtTest>

#include <torch/torch.h>

using anomadiff::CancelToken;
using anomadiff::InvalidArgument;
using anomadiff::NullProgressSink;
using namespace anomadiff::engine;
using anomadiff::test::sameWeights;
using anomadiff::test::TestFolder;
using anomadiff::test::ToyDiscs;
using anomadiff::test::ToyDiscSource;

namespace {

constexpr int kSide = anomadiff::test::kToySide;

std::pair<torch::Tensor, torch::Tensor> discs(int count, unsigned seed) {
  auto toy = ToyDiscs::make(count, seed);
  return {toy.images, toy.masks};
}

std::shared_ptr<UNetImpl> sourceUNet() {
  UNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2};
  config.attentionHeads = 2;
  torch::manual_seed(3);
  auto unet = std::make_shared<UNetImpl>(config);
  // A random but not silent network: the zero-initialised output conv does not matter here.
  return unet;
}

FewShotHeadConfig headConfig() {
  FewShotHeadConfig config;
  config.timesteps = {20, 100};
  config.hidden = 8;
  return config;
}

TrainingOptions quickOptions(int steps) {
  TrainingOptions options;
  options.steps = steps;
  options.batchSize = 4;
  options.learningRate = 1e-2;
  options.emaDecay = 0.9;
  return options;
}

}  // namespace

class FewShotTest : public QObject {
  Q_OBJECT

  NoiseSchedule m_schedule = NoiseSchedule::linear();

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void featuresStackEveryDecoderLevelAtFullSize() {
    auto unet = sourceUNet();
    const DiffusionFeatures features(*unet, m_schedule, {10, 300}, 0);
    QCOMPARE(features.channels(), 16 + 8);
    const auto images = discs(3, 1).first;
    const auto extracted = features.extract(images);
    QCOMPARE(int(extracted.size()), 2);
    QCOMPARE(extracted[0].sizes().vec(), (std::vector<std::int64_t>{3, 24, kSide, kSide}));
    // Fixed noise: the same image gives the same features alone or in any batch position.
    const auto alone = features.extract(images.narrow(0, 2, 1));
    QVERIFY(torch::allclose(alone[1], extracted[1].narrow(0, 2, 1), 1e-5, 1e-6));
    QVERIFY(!torch::allclose(extracted[0], extracted[1]));  // levels differ
  }

  void headAveragesItsLevelsProbabilities() {
    auto config = headConfig();
    config.featureChannels = 5;
    FewShotHeadImpl head(config);
    const std::vector<torch::Tensor> features = {torch::randn({2, 5, 4, 4}),
                                                 torch::randn({2, 5, 4, 4})};
    const auto logits = head.forward(features);
    const auto expected = (torch::sigmoid(logits[0]) + torch::sigmoid(logits[1])) / 2.0;
    QVERIFY(torch::allclose(head.probability(features), expected));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, head.forward({features[0]}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             head.forward({torch::zeros({2, 4, 4, 4}), features[1]}));
  }

  void trainerIsDeterministicAndResumable() {
    TestFolder folder;
    ToyDiscSource data(ToyDiscs::make(4, 2));
    NullProgressSink progress;
    const auto unet = sourceUNet();
    FewShotTrainer straight(headConfig(), unet, m_schedule, quickOptions(6));
    straight.train(data, progress, CancelToken());
    FewShotTrainer again(headConfig(), unet, m_schedule, quickOptions(6));
    again.train(data, progress, CancelToken());
    QVERIFY(sameWeights(*straight.emaModel(), *again.emaModel()));
    auto half = quickOptions(3);
    half.checkpointPath = folder / "fewshot.ckpt";
    FewShotTrainer(headConfig(), unet, m_schedule, half).train(data, progress, CancelToken());
    FewShotTrainer resumed(headConfig(), unet, m_schedule, quickOptions(6));
    resumed.loadCheckpoint(half.checkpointPath);
    resumed.train(data, progress, CancelToken());
    QVERIFY(sameWeights(*straight.emaModel(), *resumed.emaModel()));
  }

  void learnsDiscsFromFourLabelledImages() {
    ToyDiscSource data(ToyDiscs::make(4, 3));
    NullProgressSink progress;
    const auto unet = sourceUNet();
    auto options = quickOptions(150);
    FewShotTrainer trainer(headConfig(), unet, m_schedule, options);
    trainer.train(data, progress, CancelToken());
    const auto [images, masks] = discs(8, 4);
    const DiffusionFeatures features(*unet, m_schedule, trainer.config().timesteps, 0);
    torch::NoGradGuard noGradient;
    trainer.emaModel()->eval();
    const auto probability = trainer.emaModel()->probability(features.extract(images));
    const auto predicted = probability.gt(0.5).to(torch::kFloat32);
    const double dice =
        (2.0 * (predicted * masks).sum() / (predicted.sum() + masks.sum())).item<double>();
    qInfo("fewshot: Dice %.3f on 8 unseen discs after 150 steps on 4", dice);
    QVERIFY2(dice > 0.8, qPrintable(QString::number(dice)));
  }
};

QTEST_GUILESS_MAIN(FewShotTest)
#include "FewShotTest.moc"
