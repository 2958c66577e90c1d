// A segmenter's warm start from an image denoiser, and the timesteps a mask trainer draws.
#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/UNet.h"
#include "engine/training/MaskDiffusionTrainer.h"
#include "engine/training/ModelTrainer.h"
#include "engine/training/WeightTransfer.h"

#include <QtTest>

#include <torch/torch.h>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

UNetConfig smallUNet(int inChannels, int classes) {
  UNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2};
  config.attentionHeads = 2;
  config.inChannels = inChannels;
  config.classes = classes;
  return config;
}

/// ModelTrainer's timestep draws without a model (the loss is never asked for).
class TimestepProbe final : public ModelTrainer {
 public:
  TimestepProbe(const NoiseSchedule& schedule, const TrainingOptions& options)
      : ModelTrainer(schedule, options) {}
  torch::Tensor favouringHigh(std::int64_t count) const {
    return drawTimestepsFavouringHigh(count);
  }

 private:
  torch::Tensor loss(const TrainingBatch&) override { return {}; }
};

double fraction(const torch::Tensor& condition) {
  return condition.to(torch::kFloat64).mean().item<double>();
}

}  // namespace

class WeightTransferTest : public QObject {
  Q_OBJECT

  NoiseSchedule m_schedule = NoiseSchedule::linear();

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void segmenterStartsAsTheDenoiserOfTheImageChannel() {
    torch::manual_seed(1);
    UNetImpl denoiser(smallUNet(1, 2));
    for (auto& parameter : denoiser.parameters()) {
      torch::NoGradGuard noGrad;
      parameter.normal_();  // no zeros left, so a copy cannot pass by accident
    }
    torch::manual_seed(2);
    UNetImpl segmenter(smallUNet(2, 0));
    const auto report = WeightTransfer::copyMatching(segmenter, denoiser, {"out_conv."});

    const auto source = SafeTensorsModule::namedTensors(denoiser);
    const auto target = SafeTensorsModule::namedTensors(segmenter);
    QVERIFY(!report.copied.empty());
    for (const auto& name : report.copied) QVERIFY(torch::equal(target.at(name), source.at(name)));
    QCOMPARE(report.widened, std::vector<std::string>{"encoder.input_conv.weight"});
    const auto input = target.at("encoder.input_conv.weight");
    QVERIFY(torch::equal(input.narrow(1, 1, 1), source.at("encoder.input_conv.weight")));
    QCOMPARE(input.narrow(1, 0, 1).abs().max().item<float>(), 0.0f);
    // The logit head keeps its zero start; the denoiser's class embedding has no place here.
    QCOMPARE(target.at("out_conv.weight").abs().max().item<float>(), 0.0f);
    QVERIFY(std::find(report.kept.begin(), report.kept.end(), "out_conv.weight") !=
            report.kept.end());
    QVERIFY(target.count("class_embedding.weight") == 0);
    // Every tensor of the target is accounted for once.
    QCOMPARE(report.copied.size() + report.widened.size() + report.kept.size(), target.size());
  }

  void mismatchedNetworksAreRefusedAndPartlyMatchingOnesKeepTheirOwnWeights() {
    UNetImpl segmenter(smallUNet(2, 0));
    torch::nn::Linear unrelated(3, 4);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, WeightTransfer::copyMatching(segmenter, *unrelated));
    UNetConfig wider = smallUNet(1, 2);
    wider.baseChannels = 16;
    UNetImpl otherWidth(wider);
    const auto before =
        SafeTensorsModule::namedTensors(segmenter).at("encoder.input_conv.weight").clone();
    const auto report = WeightTransfer::copyMatching(segmenter, otherWidth);
    QVERIFY(torch::equal(SafeTensorsModule::namedTensors(segmenter).at("encoder.input_conv.weight"),
                         before));
    QVERIFY(report.kept.size() > report.copied.size());
  }

  void trainerStartsModelAndEmaFromTheDenoiser() {
    UNetImpl denoiser(smallUNet(1, 2));
    TrainingOptions options;
    options.steps = 1;
    MaskDiffusionTrainer trainer(smallUNet(2, 0), m_schedule, options,
                                 MaskDiffusionTrainer::Kind::Gaussian);
    trainer.startFrom(denoiser);
    const auto ema = SafeTensorsModule::namedTensors(*trainer.emaModel());
    const auto source = SafeTensorsModule::namedTensors(denoiser);
    QVERIFY(torch::equal(ema.at("time_embedding.first.weight"),
                         source.at("time_embedding.first.weight")));
  }

  void maskTimestepsFavourHighNoise() {
    TrainingOptions options;
    options.seed = 3;
    const auto draws = TimestepProbe(m_schedule, options).favouringHigh(40000);
    QCOMPARE(draws.min().item<std::int64_t>(), std::int64_t{0});
    QCOMPARE(draws.max().item<std::int64_t>(), std::int64_t{999});
    // t = 999 − ⌊1000 u²⌋: P(t ≥ 750) = P(u < ½) = ½; P(t < 250) = 1 − √¾ ≈ 0.134.
    QVERIFY(std::abs(fraction(draws.ge(750)) - 0.5) < 0.01);
    QVERIFY(std::abs(fraction(draws.lt(250)) - (1.0 - std::sqrt(0.75))) < 0.01);
    QVERIFY(torch::equal(draws, TimestepProbe(m_schedule, options).favouringHigh(40000)));

    options.minTimestep = 100;
    options.maxTimestep = 599;
    const auto bounded = TimestepProbe(m_schedule, options).favouringHigh(20000);
    QCOMPARE(bounded.min().item<std::int64_t>(), std::int64_t{100});
    QCOMPARE(bounded.max().item<std::int64_t>(), std::int64_t{599});
  }
};

QTEST_GUILESS_MAIN(WeightTransferTest)
#include "WeightTransferTest.moc"
