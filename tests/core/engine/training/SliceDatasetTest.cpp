// The training-set builder on a synthetic volume: held-out slab, class counts, value ranges,
// background, lesions confined to the brain, determinism and the file round trip.
#include "common/Error.h"
#include "engine/io/ImageTensor.h"
#include "engine/io/Sha256.h"
#include "engine/training/SliceDataset.h"
#include "engine/training/SliceDatasetBuilder.h"
#include "engine/training/SlicePreprocessor.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SliceExtractor.h"

#include "TestFolder.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

constexpr std::int64_t kHoldoutBegin = 16;
constexpr std::int64_t kHoldoutEnd = 24;

/// A 32x32x40 "head": a textured ellipsoid brain (radii 12, 13, 18 voxels) on a 0 background,
/// so the slices near both ends hold little brain.
Image syntheticVolume() {
  ImageGeometry geometry;
  geometry.size = {32, 32, 40};
  Image volume = Image::filled(geometry, 0.0f);
  for (std::size_t z = 0; z < 40; ++z) {
    for (std::size_t y = 0; y < 32; ++y) {
      for (std::size_t x = 0; x < 32; ++x) {
        const double r = std::pow((x - 15.5) / 12.0, 2) + std::pow((y - 15.5) / 13.0, 2) +
                         std::pow((z - 19.5) / 18.0, 2);
        if (r < 1.0) {
          volume.at(x, y, z) =
              static_cast<float>(100.0 + 40.0 * std::sin(0.7 * x) * std::cos(0.5 * y) + 0.5 * z);
        }
      }
    }
  }
  return volume;
}

SliceDatasetOptions smallOptions() {
  SliceDatasetOptions options;
  options.resolution = 16;
  options.holdoutBegin = kHoldoutBegin;
  options.holdoutEnd = kHoldoutEnd;
  options.lesionsPerSlice = 2;
  options.seed = 5;
  return options;
}

SliceDataset build(const SliceDatasetOptions& options = smallOptions()) {
  const Image volume = syntheticVolume();
  NullProgressSink progress;
  return SliceDatasetBuilder(options).build(
      volume, preprocess::BrainMask::fromSkullStripped(volume), {{"file", "synthetic"}}, progress);
}

bool sameTensor(const torch::Tensor& a, const torch::Tensor& b) {
  return a.sizes().equals(b.sizes()) && a.scalar_type() == b.scalar_type() && a.equal(b);
}

}  // namespace

class SliceDatasetTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void heldOutSlabNeverAppears() {
    const SliceDataset dataset = build();
    const auto slices = dataset.slices();
    QVERIFY(!slices.ge(kHoldoutBegin).logical_and(slices.lt(kHoldoutEnd)).any().item<bool>());
    QCOMPARE(dataset.description().at("slices_used").get<std::vector<std::int64_t>>(),
             dataset.sliceNumbers());
    // Slices on both sides of the slab are used (the slab is cut out, not the volume's end).
    QVERIFY(slices.lt(kHoldoutBegin).any().item<bool>());
    QVERIFY(slices.ge(kHoldoutEnd).any().item<bool>());

    auto options = smallOptions();
    options.holdoutMargin = 2;
    const auto guarded = build(options).slices();
    QVERIFY(
        !guarded.ge(kHoldoutBegin - 2).logical_and(guarded.lt(kHoldoutEnd + 2)).any().item<bool>());
  }

  void countsPerClass() {
    const SliceDataset dataset = build();
    const auto slices = static_cast<std::int64_t>(dataset.sliceNumbers().size());
    QVERIFY(slices > 10);
    QCOMPARE(dataset.count(SliceDataset::kHealthy), slices);
    QCOMPARE(dataset.count(SliceDataset::kAnomalous), 2 * slices);
    QCOMPARE(dataset.size(), 3 * slices);
    QCOMPARE(dataset.description().at("counts").at("healthy").get<std::int64_t>(), slices);
    QCOMPARE(dataset.description().at("counts").at("anomalous").get<std::int64_t>(), 2 * slices);
    QCOMPARE(dataset.resolution(), 16);
  }

  void smallSlicesAreSkipped() {
    const Image volume = syntheticVolume();
    const Image mask = preprocess::BrainMask::fromSkullStripped(volume);
    std::vector<std::size_t> area(40, 0);
    for (std::size_t z = 0; z < 40; ++z) {
      area[z] = preprocess::BrainMask::voxelCount(preprocess::SliceExtractor::extract(mask, 2, z));
    }
    const double largest = *std::max_element(area.begin(), area.end());
    const auto used = build().sliceNumbers();
    for (std::int64_t z = 0; z < 40; ++z) {
      if (z >= kHoldoutBegin && z < kHoldoutEnd) continue;
      const bool enough = area[z] >= 0.15 * largest;
      QCOMPARE(std::find(used.begin(), used.end(), z) != used.end(), enough);
    }
    QVERIFY(used.size() < 40 - (kHoldoutEnd - kHoldoutBegin));  // some end slices were too small
  }

  void valuesInRangeWithConstantBackground() {
    const SliceDataset dataset = build();
    const auto& images = dataset.images();
    QVERIFY(torch::isfinite(images).all().item<bool>());
    QVERIFY(images.min().item<float>() >= -1.0f);
    QVERIFY(images.max().item<float>() <= 1.0f);
    const auto background = dataset.brainMasks().eq(0);
    QVERIFY(background.any().item<bool>());
    QVERIFY(images.masked_select(background).eq(-1.0f).all().item<bool>());
    // Each slice is normalised on its own: its 99th brain percentile reaches the top.
    QCOMPARE(images.amax({1, 2, 3}).min().item<float>(), 1.0f);
  }

  void lesionedCopiesDifferOnlyInsideTheBrain() {
    const SliceDataset dataset = build();
    const auto labels = dataset.labels();
    std::int64_t healthy = -1;
    for (std::int64_t row = 0; row < dataset.size(); ++row) {
      if (labels[row].item<std::int64_t>() == SliceDataset::kHealthy) {
        healthy = row;
        continue;
      }
      QCOMPARE(dataset.slices()[row].item<std::int64_t>(),
               dataset.slices()[healthy].item<std::int64_t>());
      QVERIFY(sameTensor(dataset.brainMasks()[row], dataset.brainMasks()[healthy]));
      const auto changed = dataset.images()[row].ne(dataset.images()[healthy]);
      const auto outside = dataset.brainMasks()[row].eq(0);
      QVERIFY2(changed.any().item<bool>(), qPrintable(QString("row %1 unchanged").arg(row)));
      QVERIFY2(!changed.logical_and(outside).any().item<bool>(),
               qPrintable(QString("row %1 changed outside the brain").arg(row)));
      QVERIFY(!dataset.lesionMasks()[row].gt(0).logical_and(outside).any().item<bool>());
    }
    QVERIFY(dataset.lesionMasks()
                .index_select(0, torch::tensor(dataset.rows(0)))
                .eq(0)
                .all()
                .item<bool>());
  }

  void healthyRowsAreTheInferencePreprocessing() {
    const SliceDataset dataset = build();
    const Image volume = syntheticVolume();
    const Image mask = preprocess::BrainMask::fromSkullStripped(volume);
    const auto row = dataset.rows(SliceDataset::kHealthy)[3];
    const auto z = static_cast<std::size_t>(dataset.slices()[row].item<std::int64_t>());
    const PreprocessedSlice prepared =
        SlicePreprocessor({16}).prepare(preprocess::SliceExtractor::extract(volume, 2, z),
                                        preprocess::SliceExtractor::extract(mask, 2, z));
    QVERIFY(sameTensor(ImageTensor::toBatch(prepared.image)[0], dataset.images()[row]));
  }

  void sameSeedSameDatasetOtherSeedOtherLesions() {
    const SliceDataset a = build();
    const SliceDataset b = build();
    QVERIFY(sameTensor(a.images(), b.images()));
    QVERIFY(sameTensor(a.lesionMasks(), b.lesionMasks()));
    auto options = smallOptions();
    options.seed = 6;
    const SliceDataset c = build(options);
    const auto healthy = torch::tensor(a.rows(SliceDataset::kHealthy));
    const auto lesioned = torch::tensor(a.rows(SliceDataset::kAnomalous));
    QVERIFY(sameTensor(a.images().index_select(0, healthy), c.images().index_select(0, healthy)));
    QVERIFY(
        !sameTensor(a.images().index_select(0, lesioned), c.images().index_select(0, lesioned)));
  }

  void saveAndLoadRoundTrip() {
    test::TestFolder folder;
    SliceDataset dataset = build();
    dataset.save(folder / "ds");
    QVERIFY(std::filesystem::exists(folder / "ds" / SliceDataset::kDescriptionFile));
    const SliceDataset loaded = SliceDataset::load(folder / "ds");
    QVERIFY(sameTensor(loaded.images(), dataset.images()));
    QVERIFY(sameTensor(loaded.labels(), dataset.labels()));
    QVERIFY(sameTensor(loaded.brainMasks(), dataset.brainMasks()));
    QVERIFY(sameTensor(loaded.lesionMasks(), dataset.lesionMasks()));
    QVERIFY(sameTensor(loaded.slices(), dataset.slices()));
    QCOMPARE(loaded.sha256(), Sha256::ofFile(folder / "ds" / SliceDataset::kTensorFile));
    QCOMPARE(loaded.description(), dataset.description());
    QVERIFY_THROWS_EXCEPTION(IoError, SliceDataset::load(folder / "missing"));
  }

  void classBalanceAndHeldBackSlices() {
    const SliceDataset dataset = build();
    const auto balanced = dataset.balancedRows(dataset.rows());
    std::int64_t healthy = 0;
    for (const auto row : balanced) healthy += dataset.labels()[row].item<std::int64_t>() == 0;
    QCOMPARE(2 * healthy, static_cast<std::int64_t>(balanced.size()));
    const auto heldBack = dataset.heldBackSlices(0.1, 0);
    const auto slices = dataset.sliceNumbers();
    QCOMPARE(heldBack.size(), static_cast<std::size_t>(std::ceil(0.1 * slices.size())));
    QCOMPARE(dataset.heldBackSlices(0.1, 0), heldBack);
    const auto kept = dataset.rowsOfSlices(dataset.rows(), heldBack, false);
    QCOMPARE(kept.size() + 3 * heldBack.size(), static_cast<std::size_t>(dataset.size()));
  }

  void refusesBadConfigurations() {
    auto options = smallOptions();
    options.resolution = 30;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SliceDatasetBuilder{options});
    options = smallOptions();
    options.holdoutBegin = 10;
    options.holdoutEnd = 10;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SliceDatasetBuilder{options});
    options = smallOptions();
    options.holdoutBegin = 30;
    options.holdoutEnd = 50;  // beyond the 40 slices
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, build(options));
    // A set that contains a held-out slice is refused, whoever made it.
    const auto one = torch::zeros({1, 1, 8, 8});
    const auto mask = torch::zeros({1, 1, 8, 8}, torch::kUInt8);
    const nlohmann::json description = {{"holdout", {{"begin", 16}, {"end", 24}}}};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             SliceDataset(one, torch::zeros({1}, torch::kInt64), mask, mask,
                                          torch::full({1}, 20, torch::kInt64), description));
    SliceDataset(one, torch::zeros({1}, torch::kInt64), mask, mask,
                 torch::full({1}, 24, torch::kInt64), description);  // just outside: fine
  }
};

QTEST_APPLESS_MAIN(SliceDatasetTest)
#include "SliceDatasetTest.moc"
