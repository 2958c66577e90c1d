#include "engine/io/TorchRuntime.h"
#include "engine/networks/UNet.h"
#include "engine/training/BlobCorruption.h"
#include "engine/training/DiffusionTrainer.h"
#include "engine/training/TensorDataSource.h"

#include "common/Error.h"

#include "TinyUNet.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using anomadiff::CancelToken;
using anomadiff::InvalidArgument;
using anomadiff::NullProgressSink;
using anomadiff::test::tinyUNet;
using namespace anomadiff::engine;

namespace {

constexpr int kSide = 32;
constexpr float kBackground = -1.0f;

// A disc of "brain" (radius 12 px) holding an oblique ramp in [-0.6, 0.6] of random direction
// and one dark round structure (radius 2–4 px, intensity -0.9, anywhere in the brain: what a
// model of this anatomy must keep); background -1 outside, like the preprocessed slices.
torch::Tensor brains(int count, int seed) {
  torch::manual_seed(seed);
  const auto grid = torch::linspace(-1.0, 1.0, kSide);
  const auto y = grid.view({kSide, 1}).expand({kSide, kSide});
  const auto x = grid.view({1, kSide}).expand({kSide, kSide});
  const auto disc = (x.square() + y.square()) < 0.75f * 0.75f;
  auto images = torch::empty({count, 1, kSide, kSide});
  for (int i = 0; i < count; ++i) {
    const auto draw = torch::rand({5});
    const float angle = draw[0].item<float>() * 6.2832f;
    const float r = 0.45f * draw[1].item<float>();
    const float cy = r * std::cos(6.2832f * draw[2].item<float>());
    const float cx = r * std::sin(6.2832f * draw[2].item<float>());
    const float radius = (2.0f + 2.0f * draw[3].item<float>()) * 2.0f / kSide;
    const auto ramp = (0.6f * (std::cos(angle) * x + std::sin(angle) * y)).clamp(-0.6, 0.6);
    const auto structure = ((x - cx).square() + (y - cy).square()) < radius * radius;
    const auto brain = torch::where(structure, torch::full_like(ramp, -0.9f), ramp);
    images[i][0] = torch::where(disc, brain, torch::full_like(ramp, kBackground));
  }
  return images;
}

std::unique_ptr<DiffusionTrainer> trained(double corrupt, TensorDataSource& data) {
  TrainingOptions options;
  options.steps = 300;
  options.batchSize = 16;
  options.learningRate = 2e-3;
  options.emaDecay = 0.9;
  options.maxTimestep = 400;
  auto trainer = std::make_unique<DiffusionTrainer>(tinyUNet(), NoiseSchedule::linear(), options,
                                                    NoiseGenerator(), BlobCorruption(corrupt));
  NullProgressSink progress;
  trainer->train(data, progress, CancelToken());
  return trainer;
}

// The model's x̂_0 from a blob-corrupted image noised to t = 150: mean squared distance to the
// clean image inside the blobs.
double errorInsideBlobs(UNetImpl& model, const torch::Tensor& clean) {
  const torch::NoGradGuard noGradient;
  model.eval();
  torch::manual_seed(11);
  const BlobCorruption corruption(1.0);
  const auto draw = corruption.draw(clean.size(0), kSide, kSide);
  const auto corrupted = corruption.apply(clean, draw);
  const auto blobs = corruption.blobs(clean, draw);
  const int t = 150;
  const double alphaBar = NoiseSchedule::linear().alphaBars()[t];
  const auto epsilon = torch::randn_like(clean);
  const auto xt = NoiseGenerator::addNoise(corrupted, epsilon, alphaBar);
  const auto epsilonHat = model.forward(xt, torch::full({clean.size(0)}, t, torch::kInt64), {});
  const auto x0Hat = (xt - std::sqrt(1.0 - alphaBar) * epsilonHat) / std::sqrt(alphaBar);
  return ((x0Hat - clean).square() * blobs).sum().item<double>() / blobs.sum().item<double>();
}

}  // namespace

/// `train --corrupt`: restoration training (BlobCorruption + DiffusionTrainer's clean target).
class RestorationTrainingTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void aFractionOutsideZeroToOneIsRefused() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BlobCorruption(1.5));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BlobCorruption(-0.1));
  }

  void noFractionLeavesTheImagesAlone() {
    const auto clean = brains(8, 1);
    const BlobCorruption corruption(0.0);
    QVERIFY(torch::equal(corruption.apply(clean, corruption.draw(8, kSide, kSide)), clean));
  }

  void blobsChangeOnlyTheBrainWithinItsRange() {
    const auto clean = brains(64, 2);
    torch::manual_seed(3);
    const BlobCorruption corruption(1.0);
    const auto draw = corruption.draw(64, kSide, kSide);
    const auto corrupted = corruption.apply(clean, draw);
    const auto blobs = corruption.blobs(clean, draw);
    const auto background = clean == kBackground;
    QVERIFY(torch::equal(corrupted.masked_select(background), clean.masked_select(background)));
    QVERIFY(torch::equal(corrupted.masked_select(blobs == 0), clean.masked_select(blobs == 0)));
    // Every row holds a blob; its area lies between a disc of 0.65 × 4 % and 1.35 × 14 % of the
    // side (the outline's excursions), clipped by the brain.
    const auto area = blobs.sum({1, 2, 3});
    const double smallest = M_PI * std::pow(0.65 * 0.04 * kSide, 2);
    const double largest = M_PI * std::pow(1.35 * 0.14 * kSide + 1.0, 2);
    QVERIFY2(area.min().item<double>() >= 0.5 * smallest,
             qPrintable(QString::number(area.min().item<double>())));
    QVERIFY2(area.max().item<double>() <= largest,
             qPrintable(QString::number(area.max().item<double>())));
    // The fill stays within the brain's range widened by the texture (10 % of it, ~3σ).
    const auto full = blobs == 1;
    QVERIFY(corrupted.masked_select(full).min().item<float>() >= -0.9f - 0.4f);
    QVERIFY(corrupted.masked_select(full).max().item<float>() <= 0.6f + 0.4f);
    // Dark and bright fills both occur.
    const auto meanFill = (corrupted * blobs).sum({1, 2, 3}) / area;
    QVERIFY(meanFill.min().item<float>() < -0.3f);
    QVERIFY(meanFill.max().item<float>() > 0.3f);
  }

  void transplantsFillBlobsWithTheImagesOwnTissueFromElsewhere() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BlobCorruption(0.5, kBackground, 1.5));
    QVERIFY(!BlobCorruption(1.0).draw(4, kSide, kSide).transplanted.defined());
    const auto clean = brains(32, 6);
    torch::manual_seed(7);
    const BlobCorruption corruption(1.0, kBackground, 1.0);
    const auto draw = corruption.draw(32, kSide, kSide);
    const auto corrupted = corruption.apply(clean, draw);
    const auto blobs = corruption.blobs(clean, draw);
    std::int64_t copied = 0;
    for (std::int64_t row = 0; row < 32; ++row) {
      QVERIFY(draw.transplanted[row].item<bool>());
      const double dy = draw.shift[row][0].item<double>() * kSide;
      const double dx = draw.shift[row][1].item<double>() * kSide;
      // Shifted by 25-50 % of the side: tissue from elsewhere, not the blob's own surroundings.
      QVERIFY(std::hypot(dy, dx) >= 0.25 * kSide - 1e-3 && std::hypot(dy, dx) <= 0.5 * kSide);
      const auto moved = torch::roll(clean[row], {std::lround(dy), std::lround(dx)}, {1, 2});
      const auto where = (blobs[row] == 1) & (moved > kBackground + 1e-4f);
      copied += where.sum().item<std::int64_t>();
      QVERIFY(torch::equal(corrupted[row].masked_select(where), moved.masked_select(where)));
    }
    QVERIFY2(copied > 100, qPrintable(QString::number(copied)));
    // Outside the blobs nothing moved.
    QVERIFY(torch::equal(corrupted.masked_select(blobs == 0), clean.masked_select(blobs == 0)));
  }

  void restorationTrainedModelRemovesBlobsThePlainOneKeeps() {
    TensorDataSource data(brains(128, 4));
    const auto plain = trained(0.0, data);
    const auto restoring = trained(0.5, data);
    const auto clean = brains(16, 5);
    const double plainError = errorInsideBlobs(*plain->emaModel(), clean);
    const double restoringError = errorInsideBlobs(*restoring->emaModel(), clean);
    qInfo("x̂0 error inside blobs at t 150: plain %.4f, restoration-trained %.4f", plainError,
          restoringError);
    // A plain denoiser explains the blob as part of the image; one trained to restore predicts
    // the ramp underneath it.
    QVERIFY2(restoringError < 0.9 * plainError,
             qPrintable(QString("%1 vs %2").arg(restoringError).arg(plainError)));
  }
};

QTEST_GUILESS_MAIN(RestorationTrainingTest)
#include "RestorationTrainingTest.moc"
