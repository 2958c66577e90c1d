// On-the-fly augmentation: a pure function of (seed, virtual index), different across indices,
// the identity at zero magnitudes, background kept, values finite and in range.
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/training/AugmentedDataSource.h"
#include "engine/training/SliceDataset.h"

#include <QtTest>

#include <torch/torch.h>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

constexpr int kSide = 32;

/// Four textured discs (radius 11 px, centred) on a -1 background; rows 2 and 3 are "lesioned".
SliceDataset discs() {
  const auto grid = torch::arange(kSide, torch::kFloat32) - 15.5f;
  const auto y = grid.view({kSide, 1});
  const auto x = grid.view({1, kSide});
  const auto inside = (x * x + y * y).lt(11.0f * 11.0f);
  auto images = torch::empty({4, 1, kSide, kSide});
  for (int i = 0; i < 4; ++i) {
    const auto texture = 0.6f * torch::sin(0.5f * x + i) * torch::cos(0.4f * y) + 0.2f;
    images[i][0] = torch::where(inside, texture, torch::full_like(texture, -1.0f));
  }
  const auto masks = inside.to(torch::kUInt8).expand({4, 1, kSide, kSide}).contiguous();
  return SliceDataset(images, torch::tensor({0, 0, 1, 1}, torch::kInt64), masks,
                      torch::zeros_like(masks), torch::tensor({1, 2, 3, 4}, torch::kInt64),
                      nlohmann::json::object());
}

std::vector<std::int64_t> allRows() {
  return {0, 1, 2, 3};
}

}  // namespace

class AugmentationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void virtualSizeAndRows() {
    const SliceDataset dataset = discs();
    AugmentedDataSource source(dataset, {0, 0, 2}, {}, 1, 10);
    QCOMPARE(source.size(), 30);
    QCOMPARE(source.rowOf(0), 0);
    QCOMPARE(source.rowOf(2), 2);
    QCOMPARE(source.rowOf(29), 2);
    const auto batch = source.get({2, 3, 5});
    QCOMPARE(batch.labels[0].item<std::int64_t>(), 1);
    QCOMPARE(batch.labels[1].item<std::int64_t>(), 0);
    QCOMPARE(batch.images.sizes(), (std::vector<std::int64_t>{3, 1, kSide, kSide}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, source.get({30}));
  }

  void sameSeedAndIndexGiveTheSameExample() {
    const SliceDataset dataset = discs();
    AugmentedDataSource a(dataset, allRows(), {}, 7, 50);
    AugmentedDataSource b(dataset, allRows(), {}, 7, 50);
    // Order and company do not matter: a resumed run asks for the same indices in other batches.
    const auto first = a.get({13, 42, 101});
    b.get({5});
    const auto second = b.get({101, 13});
    QVERIFY(first.images[0].equal(second.images[1]));
    QVERIFY(first.images[2].equal(second.images[0]));
    AugmentedDataSource otherSeed(dataset, allRows(), {}, 8, 50);
    QVERIFY(!first.images[0].equal(otherSeed.get({13}).images[0]));
  }

  void indicesOfOneRowDiffer() {
    const SliceDataset dataset = discs();
    AugmentedDataSource source(dataset, allRows(), {}, 3, 50);
    // Virtual indices 1, 5, 9, ... all show row 1, each with its own augmentation.
    const auto batch = source.get({1, 5, 9, 13});
    for (int i = 0; i < 4; ++i) {
      for (int j = i + 1; j < 4; ++j) QVERIFY(!batch.images[i].equal(batch.images[j]));
      QVERIFY(!batch.images[i].equal(dataset.images()[1]));
    }
  }

  void zeroMagnitudesAreTheIdentity() {
    const SliceDataset dataset = discs();
    AugmentedDataSource source(dataset, allRows(), AugmentationOptions::none(), 3, 5);
    const auto batch = source.get({0, 1, 2, 3, 4, 19});
    QVERIFY(batch.images.narrow(0, 0, 4).equal(dataset.images()));
    QVERIFY(batch.images[4].equal(dataset.images()[0]));
    QVERIFY(batch.images[5].equal(dataset.images()[3]));
  }

  void backgroundStaysAndValuesAreFinite() {
    const SliceDataset dataset = discs();
    AugmentationOptions strong;
    strong.noise = 0.03;
    AugmentedDataSource source(dataset, allRows(), strong, 11, 100);
    std::vector<std::int64_t> indices(64);
    std::iota(indices.begin(), indices.end(), 100);
    const auto images = source.get(indices).images;
    QVERIFY(torch::isfinite(images).all().item<bool>());
    QVERIFY(images.min().item<float>() >= -1.0f);
    QVERIFY(images.max().item<float>() <= 1.0f);
    // The disc (radius 11 of 32) moves and scales by at most ~20 %: corners stay background.
    const auto corners = images.narrow(2, 0, 4).narrow(3, 0, 4);
    QVERIFY(corners.eq(-1.0f).all().item<bool>());
    // Background is exactly -1, not -1 plus noise: pixels are either -1 or brain values.
    const auto background = images.eq(-1.0f).to(torch::kFloat32).mean().item<double>();
    const auto original = dataset.images().eq(-1.0f).to(torch::kFloat32).mean().item<double>();
    QVERIFY2(std::abs(background - original) < 0.1, qPrintable(QString::number(background)));
    // Small changes: the mean absolute difference to the source stays modest.
    const auto sources = dataset.images().index_select(
        0, torch::tensor(std::vector<std::int64_t>{0, 1, 2, 3}).repeat(16));
    const double change = (images - sources).abs().mean().item<double>();
    QVERIFY2(change > 0.01 && change < 0.5, qPrintable(QString::number(change)));
  }

  void fieldsAreSetByName() {
    AugmentationOptions options;
    options.set("elastic", 0.05);
    options.set("elastic_grid", 7);
    options.set("gamma", 1.6);
    options.set("bias_field", 0.2);
    QCOMPARE(options.elastic, 0.05);
    QCOMPARE(options.elasticGrid, 7);
    QCOMPARE(options.gamma, 1.6);
    const auto fields = options.fields();
    QCOMPARE(fields.size(), std::size_t{10});
    QCOMPARE(fields.at("bias_field"), 0.2);
    QCOMPARE(fields.at("rotation"), AugmentationOptions().rotationDegrees);
    // Every recorded name is one set() takes: a record can be replayed field by field.
    AugmentationOptions replayed = AugmentationOptions::none();
    for (const auto& [name, value] : fields) replayed.set(name, value);
    QVERIFY(replayed.fields() == fields);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, options.set("warp", 0.1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, options.set("elastic_grid", 2.5));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, options.set("elastic_grid", 1000));
  }

  void strongerElasticWarpsMoveMore() {
    // The same draws with a 4× larger displacement field change the disc images more.
    const SliceDataset dataset = discs();
    const auto change = [&](double elastic) {
      AugmentationOptions options = AugmentationOptions::none();
      options.elastic = elastic;
      AugmentedDataSource source(dataset, allRows(), options, 5, 10);
      std::vector<std::int64_t> indices(16);
      std::iota(indices.begin(), indices.end(), 0);
      const auto sources = dataset.images().index_select(
          0, torch::tensor(std::vector<std::int64_t>{0, 1, 2, 3}).repeat(4));
      return (source.get(indices).images - sources).abs().mean().item<double>();
    };
    const double small = change(0.01);
    const double large = change(0.04);
    QVERIFY2(small > 0.0 && large > 2.0 * small,
             qPrintable(QString("%1 vs %2").arg(small).arg(large)));
  }

  void contrastAndBlurChangeIntensitiesOnly() {
    // Off by default; on, they change the brain's values but keep its shape and the background.
    const SliceDataset dataset = discs();
    QCOMPARE(AugmentationOptions().contrast, 0.0);
    QCOMPARE(AugmentationOptions().blur, 0.0);
    for (const char* field : {"contrast", "blur"}) {
      AugmentationOptions options = AugmentationOptions::none();
      options.set(field, std::string(field) == "blur" ? 2.0 : 0.3);
      AugmentedDataSource source(dataset, allRows(), options, 9, 10);
      const auto images = source.get({0, 1, 2, 3}).images;
      const auto original = dataset.images();
      QVERIFY2((images - original).abs().max().item<double>() > 0.02, field);
      QVERIFY(images.eq(-1.0f).equal(original.eq(-1.0f)));
      // The curve is monotone: the brain's brightest pixel stays the brightest.
      if (std::string(field) == "contrast") {
        QCOMPARE(images[0].flatten().argmax().item<std::int64_t>(),
                 original[0].flatten().argmax().item<std::int64_t>());
      }
    }
  }

  void ventriclesEnlargeTheCentreAndKeepTheOutline() {
    // A dark centre (radius 4 px) in a bright brain disc: the warp magnifies the centre (the
    // dark area grows in every draw, on average by more than 15 %) while the brain's outline,
    // far from the centre, stays where it was.
    const SliceDataset dataset = discs();
    const auto grid = torch::arange(kSide, torch::kFloat32) - 15.5f;
    const auto radius2 = grid.view({kSide, 1}).square() + grid.view({1, kSide}).square();
    const auto brain = dataset.brainMasks().to(torch::kFloat32);
    const auto image = torch::where(radius2.lt(16.0f), torch::full_like(radius2, -0.8f),
                                    torch::full_like(radius2, 0.6f))
                           .view({1, 1, kSide, kSide});
    const auto original =
        torch::where(brain[0].gt(0.5f), image[0], torch::full_like(image[0], -1.0f)).unsqueeze(0);
    const auto darkArea = [](const torch::Tensor& x) {
      return (x.gt(-0.95f) & x.lt(-0.1f)).sum().item<double>();
    };
    AugmentationOptions options = AugmentationOptions::none();
    QVERIFY(options.fields().count("ventricles") == 0);  // recorded only when used
    options.set("ventricles", 0.4);
    QCOMPARE(options.fields().at("ventricles"), 0.4);
    AugmentedDataSource source(dataset, allRows(), options, 3, 10);
    double grown = 0.0;
    for (std::uint64_t seed = 0; seed < 8; ++seed) {
      const auto warped = source.augment(original, brain.narrow(0, 0, 1), seed);
      QVERIFY(darkArea(warped) >= darkArea(original));
      grown += darkArea(warped) / darkArea(original) / 8.0;
      const auto changedOutline = warped.eq(-1.0f).ne(original.eq(-1.0f)).sum().item<double>();
      QVERIFY2(changedOutline <= 4.0, qPrintable(QString::number(changedOutline)));
    }
    QVERIFY2(grown > 1.15, qPrintable(QString::number(grown)));
    options.ventricles = 0.6;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, options.validate());
  }

  void badOptionsAreRefused() {
    const SliceDataset dataset = discs();
    AugmentationOptions options;
    options.noise = -0.1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             AugmentedDataSource(dataset, allRows(), options, 0, 1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AugmentedDataSource(dataset, {}, {}, 0, 1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AugmentedDataSource(dataset, {4}, {}, 0, 1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AugmentedDataSource(dataset, allRows(), {}, 0, 0));
  }
};

QTEST_APPLESS_MAIN(AugmentationTest)
#include "AugmentationTest.moc"
