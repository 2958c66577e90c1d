// The mask-diffusion segmenters (diffseg, bernoulli): samplers against denoisers whose answer is
// known in closed form, and the trainer's determinism, resumability and learning on a toy task.
#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/UNet.h"
#include "engine/networks/UNetDenoiser.h"
#include "engine/segmentation/BernoulliMaskSampler.h"
#include "engine/segmentation/GaussianMaskSampler.h"
#include "engine/training/MaskDiffusionTrainer.h"

#include "TestFolder.h"
#include "TinyUNet.h"
#include "ToyDiscs.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

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

ToyDiscs discs(int count, unsigned seed) {
  return ToyDiscs::make(count, seed);
}

/// Knows the answer: the lesion is where the image (channel 2) is bright. It returns the logit of
/// P(lesion) = `lesion` there and `background` elsewhere, whatever the noisy mask says.
class OracleSegmenter final : public Denoiser {
 public:
  OracleSegmenter(double lesion, double background) : m_lesion(lesion), m_background(background) {}

  torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor&,
                             const torch::Tensor&) override {
    ++calls;
    const auto lesion = x.narrow(1, 1, 1).gt(0.0).to(torch::kFloat64);
    const auto probability = lesion * m_lesion + (1.0 - lesion) * m_background;
    return torch::logit(probability).to(x.scalar_type());
  }
  int calls = 0;

 private:
  double m_lesion;
  double m_background;
};

UNetConfig maskUNet() {
  auto config = anomadiff::test::tinyUNet();
  config.inChannels = 2;
  return config;
}

TrainingOptions quickOptions(int steps) {
  TrainingOptions options;
  options.steps = steps;
  options.batchSize = 16;
  options.learningRate = 3e-3;
  options.emaDecay = 0.95;
  options.seed = 0;
  return options;
}

double dice(const torch::Tensor& probability, const torch::Tensor& truth) {
  const auto predicted = probability.gt(0.5).to(torch::kFloat64);
  const auto reference = truth.to(torch::kFloat64);
  return (2.0 * (predicted * reference).sum() / (predicted.sum() + reference.sum())).item<double>();
}

}  // namespace

class MaskDiffusionTest : public QObject {
  Q_OBJECT

  NoiseSchedule m_schedule = NoiseSchedule::linear();

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void gaussianSamplerRecoversTheOraclesMaskExactly() {
    const auto toy = discs(3, 1);
    OracleSegmenter oracle(1.0 - 1e-12, 1e-12);
    MaskSamplingOptions options;
    options.steps = 6;
    options.members = 4;
    NullProgressSink progress;
    const auto result = GaussianMaskSampler(oracle, m_schedule, options)
                            .sample(toy.images, torch::ones_like(toy.masks), progress, {});
    // A model certain of the mask makes DDIM land on it from any start: every member is the mask.
    QVERIFY((result.mean - toy.masks).abs().max().item<double>() < 1e-4);
    QVERIFY(result.variance.abs().max().item<double>() < 1e-8);
    QCOMPARE(oracle.calls, options.steps);  // one batched call per step for all members
    QCOMPARE(result.samples.size(0), 4);
  }

  void bernoulliScoreIsTheModelsProbabilityAndMaskingClearsLowScores() {
    const auto toy = discs(2, 2);
    const auto brain = torch::ones_like(toy.masks);
    MaskSamplingOptions options;
    options.steps = 5;
    options.members = 3;
    NullProgressSink progress;
    OracleSegmenter oracle(0.9, 0.05);
    const auto plain =
        BernoulliMaskSampler(oracle, m_schedule, options).sample(toy.images, brain, progress, {});
    // The last step's output probability, whatever the sampled bits: 0.9 on the disc, 0.05 off.
    const auto expected = toy.masks * 0.9 + (1.0 - toy.masks) * 0.05;
    QVERIFY((plain.mean - expected).abs().max().item<double>() < 1e-6);
    options.maskThreshold = 0.1;
    const auto masked =
        BernoulliMaskSampler(oracle, m_schedule, options).sample(toy.images, brain, progress, {});
    QVERIFY((masked.mean - toy.masks * 0.9).abs().max().item<double>() < 1e-6);
    // Nothing outside the brain.
    const auto half = torch::zeros_like(brain);
    half.narrow(3, 0, kSide / 2).fill_(1.0);
    const auto inside =
        BernoulliMaskSampler(oracle, m_schedule, options).sample(toy.images, half, progress, {});
    QCOMPARE(inside.mean.narrow(3, kSide / 2, kSide / 2).abs().max().item<double>(), 0.0);
  }

  void sameSeedSameMasksOtherSeedOtherMasks() {
    const auto toy = discs(2, 3);
    const auto brain = torch::ones_like(toy.masks);
    torch::manual_seed(0);
    UNetImpl network(maskUNet());
    for (auto& parameter : network.parameters()) parameter.data().normal_(0.0, 0.05);
    UNetDenoiser model(std::shared_ptr<UNetImpl>(&network, [](UNetImpl*) {}));
    MaskSamplingOptions options;
    options.steps = 3;
    options.members = 2;
    NullProgressSink progress;
    for (bool bernoulli : {false, true}) {
      const auto run = [&](std::uint64_t seed) {
        options.seed = seed;
        return bernoulli ? BernoulliMaskSampler(model, m_schedule, options)
                               .sample(toy.images, brain, progress, {})
                               .samples
                         : GaussianMaskSampler(model, m_schedule, options)
                               .sample(toy.images, brain, progress, {})
                               .samples;
      };
      const auto first = run(5);
      torch::randn({10});  // the global generator is not what the samplers use
      QVERIFY(torch::equal(first, run(5)));
      QVERIFY(!torch::equal(first, run(6)));
    }
  }

  void trainersAreDeterministicAndResumable() {
    TestFolder folder;
    ToyDiscSource data(discs(40, 4));
    NullProgressSink progress;
    for (auto kind :
         {MaskDiffusionTrainer::Kind::Gaussian, MaskDiffusionTrainer::Kind::Bernoulli}) {
      const auto options = quickOptions(8);
      MaskDiffusionTrainer straight(maskUNet(), m_schedule, options, kind);
      straight.train(data, progress, CancelToken());
      MaskDiffusionTrainer again(maskUNet(), m_schedule, options, kind);
      again.train(data, progress, CancelToken());
      QVERIFY(sameWeights(*straight.emaModel(), *again.emaModel()));

      auto half = options;
      half.steps = 4;
      half.checkpointPath = folder / (std::string(MaskDiffusionTrainer::slotOf(kind)) + ".ckpt");
      MaskDiffusionTrainer(maskUNet(), m_schedule, half, kind).train(data, progress, {});
      MaskDiffusionTrainer resumed(maskUNet(), m_schedule, options, kind);
      resumed.loadCheckpoint(half.checkpointPath);
      resumed.train(data, progress, CancelToken());
      QVERIFY(sameWeights(*straight.emaModel(), *resumed.emaModel()));
    }
  }

  void trainedSegmentersFindTheDiscs() {
    ToyDiscSource data(discs(64, 5));
    const auto unseen = discs(8, 6);
    NullProgressSink progress;
    for (auto kind :
         {MaskDiffusionTrainer::Kind::Gaussian, MaskDiffusionTrainer::Kind::Bernoulli}) {
      auto options = quickOptions(250);
      options.warmupSteps = 10;
      MaskDiffusionTrainer trainer(maskUNet(), m_schedule, options, kind);
      trainer.train(data, progress, CancelToken());
      UNetDenoiser model(trainer.emaModel());
      MaskSamplingOptions sampling;
      sampling.steps = 8;
      sampling.members = 2;
      const auto brain = torch::ones_like(unseen.masks);
      const auto result = kind == MaskDiffusionTrainer::Kind::Gaussian
                              ? GaussianMaskSampler(model, m_schedule, sampling)
                                    .sample(unseen.images, brain, progress, {})
                              : BernoulliMaskSampler(model, m_schedule, sampling)
                                    .sample(unseen.images, brain, progress, {});
      const double score = dice(result.mean, unseen.masks);
      qInfo("%s: Dice %.3f on unseen discs after 250 steps", MaskDiffusionTrainer::slotOf(kind),
            score);
      QVERIFY2(score > 0.8, qPrintable(QString::number(score)));
    }
  }

  void refusesWhatCannotWork() {
    UNetConfig oneChannel = maskUNet();
    oneChannel.inChannels = 1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             MaskDiffusionTrainer(oneChannel, m_schedule, quickOptions(1),
                                                  MaskDiffusionTrainer::Kind::Gaussian));
    MaskDiffusionTrainer trainer(maskUNet(), m_schedule, quickOptions(1),
                                 MaskDiffusionTrainer::Kind::Bernoulli);
    struct NoMasks final : TrainingDataSource {
      std::int64_t size() const override { return 4; }
      TrainingBatch get(const std::vector<std::int64_t>& rows) override {
        return {torch::zeros({std::int64_t(rows.size()), 1, kSide, kSide}),
                torch::zeros({std::int64_t(rows.size())}, torch::kInt64),
                {}};
      }
    } noMasks;
    NullProgressSink progress;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, trainer.train(noMasks, progress, CancelToken()));
    OracleSegmenter oracle(0.9, 0.1);
    MaskSamplingOptions tooMany;
    tooMany.steps = 1001;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, GaussianMaskSampler(oracle, m_schedule, tooMany));
    MaskSamplingOptions noMembers;
    noMembers.members = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BernoulliMaskSampler(oracle, m_schedule, noMembers));
  }
};

QTEST_GUILESS_MAIN(MaskDiffusionTest)
#include "MaskDiffusionTest.moc"
