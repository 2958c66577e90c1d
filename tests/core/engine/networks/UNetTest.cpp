#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/NoisyClassifierNet.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "engine/networks/UNet.h"
#include "engine/networks/UNetDenoiser.h"

#include <QtTest>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

using anomadiff::InvalidArgument;
using anomadiff::engine::NoisyClassifierNet;
using anomadiff::engine::NoisyClassifierNetAdapter;
using anomadiff::engine::NoisyClassifierNetConfig;
using anomadiff::engine::TorchRuntime;
using anomadiff::engine::UNet;
using anomadiff::engine::UNetConfig;
using anomadiff::engine::UNetDenoiser;

namespace {

UNetConfig smallConfig() {
  UNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2, 2};
  config.attentionLevels = {1};
  config.attentionHeads = 2;
  return config;
}

// Weights from a fixed formula instead of the RNG, so the expected numbers below depend only
// on the network's arithmetic.
void setFormulaWeights(torch::nn::Module& module) {
  torch::NoGradGuard noGrad;
  int index = 0;
  for (auto& parameter : module.parameters()) {
    const auto positions = torch::arange(parameter.numel(), torch::kFloat32);
    parameter.copy_(
        (0.2f * torch::sin(positions * 0.37f + static_cast<float>(index))).view_as(parameter));
    ++index;
  }
}

double milliseconds(const std::function<void()>& work, int repeats) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

class UNetTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(2); }

  void outputShapeEqualsInputShape_data() {
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("32x32") << 32 << 32;
    QTest::newRow("64x64") << 64 << 64;
    QTest::newRow("48x64") << 48 << 64;
  }

  void outputShapeEqualsInputShape() {
    QFETCH(int, height);
    QFETCH(int, width);
    torch::manual_seed(0);
    auto config = smallConfig();
    config.inChannels = 2;
    config.outChannels = 2;
    UNet model(config);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 2, height, width});
    const auto out = model->forward(x, torch::tensor({0, 999}, torch::kInt64));
    QCOMPARE(out.sizes().vec(), x.sizes().vec());
    // Zero-initialised output conv: an untrained model predicts exactly ε̂ = 0.
    QVERIFY(torch::equal(out, torch::zeros_like(out)));
  }

  void refusesBadInputs() {
    UNet model(smallConfig());
    torch::NoGradGuard noGrad;
    const auto t = torch::tensor({5}, torch::kInt64);
    try {
      model->forward(torch::zeros({1, 1, 30, 32}), t);
      QFAIL("30x32 accepted by a 3-level UNet");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("30x32"), error.what());
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->forward(torch::zeros({1, 3, 32, 32}), t));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->forward(torch::zeros({2, 1, 32, 32}), t));
  }

  void classConditionalOutputDependsOnTheLabel() {
    torch::manual_seed(0);
    auto config = smallConfig();
    config.classes = 3;
    UNet model(config);
    // A few optimizer steps: the zero-initialised convs need two updates before the class
    // embedding can reach the output.
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-2));
    const auto x = torch::randn({4, 1, 16, 16});
    const auto t = torch::tensor({10, 200, 400, 900}, torch::kInt64);
    const auto labels = torch::tensor({0, 1, 2, -1}, torch::kInt64);
    for (int step = 0; step < 3; ++step) {
      optimizer.zero_grad();
      torch::mse_loss(model->forward(x, t, labels), torch::randn_like(x)).backward();
      optimizer.step();
    }
    torch::NoGradGuard noGrad;
    const auto probe = x.slice(0, 0, 1).repeat({4, 1, 1, 1});
    const auto sameT = torch::full({4}, std::int64_t{200}, torch::kInt64);
    const auto out = model->forward(probe, sameT, torch::tensor({0, 1, 2, -1}, torch::kInt64));
    QVERIFY(torch::isfinite(out).all().item<bool>());
    for (int a = 0; a < 4; ++a) {
      for (int b = a + 1; b < 4; ++b) {
        const double difference = (out[a] - out[b]).abs().max().item<double>();
        QVERIFY2(difference > 1e-6, qPrintable(QString("labels %1 and %2 agree").arg(a).arg(b)));
      }
    }
    // An undefined label tensor means the null class.
    QVERIFY(torch::allclose(model->forward(probe.slice(0, 0, 1), sameT.slice(0, 0, 1)),
                            out.slice(0, 3, 4), 1e-5, 1e-6));
    try {
      model->forward(probe.slice(0, 0, 1), sameT.slice(0, 0, 1), torch::tensor({3}, torch::kInt64));
      QFAIL("label 3 accepted by a 3-class model");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("label 3"), error.what());
    }
  }

  void parameterCountMatchesHandCount() {
    // Counted by hand for base 4, one level, one res block, bottleneck attention, 1 -> 1 channel:
    // time MLP 80 + 272; input conv 40; encoder res 448; middle res 448 + attention 88 + res 448;
    // two decoder res blocks (8 -> 4 channels, with 1x1 skip) 636 each; out norm 8 + conv 37.
    UNetConfig config;
    config.baseChannels = 4;
    config.channelMultipliers = {1};
    UNet model(config);
    QCOMPARE(model->parameterCount(), std::int64_t{3141});

    // Conv weights dominate, so doubling the width multiplies the count by nearly 4.
    auto wide = smallConfig();
    const auto narrowCount = UNet(wide)->parameterCount();
    wide.baseChannels *= 2;
    const auto wideCount = UNet(wide)->parameterCount();
    const double ratio = double(wideCount) / double(narrowCount);
    QVERIFY2(ratio > 3.5 && ratio < 4.0, qPrintable(QString::number(ratio)));

    UNetConfig bench;  // the default-bundle architecture
    bench.baseChannels = 32;
    bench.channelMultipliers = {1, 2, 2};
    qInfo(
        "UNet parameters: base 8 (1,2,2) attn level 1: %lld; base 32 (1,2,2) bottleneck attn: %lld",
        static_cast<long long>(narrowCount), static_cast<long long>(UNet(bench)->parameterCount()));
  }

  void tinyModelGivesRecordedNumbers() {
    // diffusers-style fast test: recorded once from this implementation (LibTorch 1.13, CPU);
    // a change means the architecture or its arithmetic changed.
    UNetConfig config;
    config.baseChannels = 4;
    config.channelMultipliers = {1, 2};
    config.attentionLevels = {1};
    config.attentionHeads = 2;
    config.classes = 2;
    UNet model(config);
    setFormulaWeights(*model);
    torch::NoGradGuard noGrad;
    const auto x = torch::linspace(-1.0, 1.0, 2 * 8 * 8).reshape({2, 1, 8, 8});
    const auto out = model->forward(x, torch::tensor({3, 700}, torch::kInt64),
                                    torch::tensor({1, -1}, torch::kInt64));
    const std::vector<float> recorded = {0.166659772f, 0.176651105f, 0.179859653f, 0.163774699f};
    const std::vector<std::array<int, 3>> where = {
        {{0, 0, 0}}, {{0, 3, 5}}, {{1, 7, 7}}, {{1, 4, 2}}};
    QString actual;
    for (std::size_t i = 0; i < where.size(); ++i) {
      actual +=
          QString::number(out[where[i][0]][0][where[i][1]][where[i][2]].item<float>(), 'g', 9) +
          " ";
    }
    for (std::size_t i = 0; i < where.size(); ++i) {
      const float value = out[where[i][0]][0][where[i][1]][where[i][2]].item<float>();
      QVERIFY2(std::fabs(value - recorded[i]) <= 1e-4f * std::max(1.0f, std::fabs(recorded[i])),
               qPrintable(actual));
    }
    // Property: the two batch items are independent (batch composition must not leak).
    const auto alone = model->forward(x.slice(0, 1, 2), torch::tensor({700}, torch::kInt64),
                                      torch::tensor({-1}, torch::kInt64));
    QVERIFY(torch::allclose(alone, out.slice(0, 1, 2), 1e-5, 1e-6));
  }

  void configRoundTripsThroughJson() {
    auto config = smallConfig();
    config.classes = 2;
    config.dropout = 0.1;
    config.scaleShiftNorm = false;
    const auto json = config.toJson();
    QCOMPARE(UNetConfig::fromJson(json), config);
    QCOMPARE(UNetConfig::fromJson(nlohmann::json::parse(json.dump())), config);
    // Missing keys keep defaults.
    QCOMPARE(UNetConfig::fromJson(nlohmann::json::object()), UNetConfig{});

    auto typo = json;
    typo["base_chanels"] = 8;
    try {
      UNetConfig::fromJson(typo);
      QFAIL("unknown key accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("base_chanels"), error.what());
    }
    auto bad = json;
    bad["attention_levels"] = {5};
    try {
      UNetConfig::fromJson(bad);
      QFAIL("attention level 5 accepted with 3 levels");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("attention_levels=[5]"), error.what());
    }
    auto wrongType = json;
    wrongType["dropout"] = "0.1";
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, UNetConfig::fromJson(wrongType));
    auto huge = json;
    huge["base_channels"] = 1 << 20;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, UNetConfig::fromJson(huge));
    auto heads = json;
    heads["attention_heads"] = 3;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, UNetConfig::fromJson(heads));
  }

  void denoiserAdapterRunsWithoutAutograd() {
    torch::manual_seed(0);
    auto config = smallConfig();
    config.classes = 2;
    UNet model(config);
    setFormulaWeights(*model);
    const auto x = torch::randn({2, 1, 16, 16});
    const auto t = torch::tensor({1, 2}, torch::kInt64);
    const auto labels = torch::tensor({0, -1}, torch::kInt64);
    torch::Tensor direct;
    {
      torch::NoGradGuard noGrad;
      model->eval();
      direct = model->forward(x, t, labels);
    }
    UNetDenoiser denoiser(model.ptr());
    QVERIFY(denoiser.isClassConditional());
    const auto predicted = denoiser.predictNoise(x, t, labels);
    QVERIFY(torch::equal(predicted, direct));
    QVERIFY(!predicted.requires_grad());
    for (const auto& parameter : model->parameters()) QVERIFY(!parameter.requires_grad());
    // A caller that needs ∂ε̂/∂x still gets it.
    const auto input = x.clone().requires_grad_(true);
    const auto gradient =
        torch::autograd::grad({denoiser.predictNoise(input, t, labels).sum()}, {input})[0];
    QVERIFY(gradient.abs().sum().item<double>() > 0.0);
    QVERIFY(!UNetDenoiser(UNet(smallConfig()).ptr()).isClassConditional());
  }

  void largeBatchesGiveEachImageItsOwnPrediction() {
    // The adapter splits batches into small calls (speed); every image must still get the
    // prediction of its own x, t and label, in order.
    torch::manual_seed(1);
    auto config = smallConfig();
    config.classes = 2;
    UNet model(config);
    setFormulaWeights(*model);
    const std::int64_t batch = 11;
    const auto x = torch::randn({batch, 1, 16, 16});
    const auto t = torch::arange(batch, torch::kInt64) * 37 + 5;
    const auto labels = torch::tensor({0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1}, torch::kInt64);
    UNetDenoiser denoiser(model.ptr());
    const auto together = denoiser.predictNoise(x, t, labels);
    QCOMPARE(together.size(0), batch);
    for (std::int64_t i = 0; i < batch; ++i) {
      const auto alone = denoiser.predictNoise(x.slice(0, i, i + 1), t.slice(0, i, i + 1),
                                               labels.slice(0, i, i + 1));
      QVERIFY2(torch::allclose(together.slice(0, i, i + 1), alone, 1e-4, 1e-5),
               qPrintable(QString("image %1 differs").arg(i)));
    }
    // A timestep tensor of another length is refused naming the whole batch, not a part of it.
    try {
      denoiser.predictNoise(x, t.slice(0, 0, 3), labels);
      QFAIL("3 timesteps accepted for 11 images");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("[11]"), error.what());
    }
  }

  void classifierGivesLogitsDifferentiableInX() {
    NoisyClassifierNetConfig config;
    config.baseChannels = 8;
    config.channelMultipliers = {1, 2, 2};
    config.attentionHeads = 2;
    config.classes = 3;
    QCOMPARE(NoisyClassifierNetConfig::fromJson(config.toJson()), config);
    auto badClasses = config.toJson();
    badClasses["classes"] = 1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, NoisyClassifierNetConfig::fromJson(badClasses));

    torch::manual_seed(0);
    NoisyClassifierNet net(config);
    NoisyClassifierNetAdapter classifier(net.ptr());
    QCOMPARE(classifier.classes(), 3);
    for (int side : {16, 32}) {
      const auto x = torch::randn({2, 1, side, side}).requires_grad_(true);
      const auto logits = classifier.logits(x, torch::tensor({10, 300}, torch::kInt64));
      QCOMPARE(logits.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
      const auto gradient =
          torch::autograd::grad({torch::log_softmax(logits, 1).select(1, 0).sum()}, {x})[0];
      QCOMPARE(gradient.sizes().vec(), x.sizes().vec());
      QVERIFY(gradient.abs().sum().item<double>() > 0.0);
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             classifier.logits(torch::zeros({1, 1, 18, 16}), torch::tensor({1})));
  }

  void benchmarkForward() {
    if (qEnvironmentVariableIsEmpty("ANOMADIFF_BENCH"))
      QSKIP("set ANOMADIFF_BENCH=1 to time the UNet");
    UNetConfig config;
    config.baseChannels = 32;
    config.channelMultipliers = {1, 2, 2};
    config.resBlocksPerLevel = 1;
    config.bottleneckAttention = true;
    if (!qEnvironmentVariableIsEmpty("ANOMADIFF_BENCH_THREADS")) {
      TorchRuntime::setThreads(qEnvironmentVariableIntValue("ANOMADIFF_BENCH_THREADS"));
    }
    UNet model(config);
    setFormulaWeights(*model);
    {
      model->eval();
      c10::InferenceMode inference;
      for (int batch : {1, 8}) {
        const auto x = torch::randn({batch, 1, 64, 64});
        const auto t = torch::full({batch}, std::int64_t{250}, torch::kInt64);
        model->forward(x, t);  // warm-up
        const double ms = milliseconds([&] { model->forward(x, t); }, batch == 1 ? 20 : 8);
        qInfo("UNet forward 64x64 batch %d, %d threads (%s): %.1f ms (%.1f ms/image)", batch,
              TorchRuntime::threads(), TorchRuntime::blasName().c_str(), ms, ms / batch);
      }
    }
    model->train();
    {
      // One optimizer step as the trainer does it (forward, backward, AdamW) at batch 16.
      torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-4));
      const auto x = torch::randn({16, 1, 64, 64});
      const auto t = torch::randint(0, 1000, {16}, torch::kInt64);
      const auto step = [&] {
        optimizer.zero_grad();
        torch::mse_loss(model->forward(x, t), x).backward();
        optimizer.step();
      };
      step();
      qInfo("UNet training step 64x64 batch 16, %d threads: %.0f ms", TorchRuntime::threads(),
            milliseconds(step, 5));
    }
  }
};

QTEST_APPLESS_MAIN(UNetTest)
#include "UNetTest.moc"
