// The shipped default bundle (resources/models/default) loads with matching hashes from the
// build tree, its denoiser predicts finite noise of the right shape, and a tiny reconstruction
// through the CLI runs on it; its cell-head classifier gives a proper distribution and guides a
// ddim-cg localization of the bundled example.
#include "CliRunner.h"
#include "TestFolder.h"
#include "engine/ModelBundle.h"
#include "engine/NoisyClassifierNetAdapter.h"
#include "engine/NoisyClassifierNetConfig.h"
#include "engine/UNetDenoiser.h"
#include "image/ImageWriter.h"

#include <QtTest>

#include <torch/torch.h>

using namespace anomadiff;

namespace {

const std::filesystem::path kShipped = std::filesystem::path(ANOMADIFF_SOURCE_DIR) / "resources/models/default";
const std::filesystem::path kBuilt = std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/models/default";

}  // namespace

class DefaultBundleTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() {
    if (!std::filesystem::exists(kShipped / "model.json")) QSKIP("no default bundle shipped yet");
  }

  void loadsWithMatchingHashesAndPredictsNoise() {
    const auto bundle = engine::ModelBundle::load(kBuilt);
    QVERIFY(std::filesystem::exists(kShipped / "MODEL_CARD.md"));
    const auto denoiser = bundle.createDenoiser();
    c10::InferenceMode inference;
    const int size = bundle.resolution();
    const auto x = torch::randn({2, 1, size, size});
    const auto epsilon = denoiser->predictNoise(x, torch::full({2}, std::int64_t{300}), torch::full({2}, std::int64_t{-1}));
    QCOMPARE(epsilon.sizes(), x.sizes());
    QVERIFY(torch::isfinite(epsilon).all().item<bool>());
    // A trained ε-model's prediction from pure noise correlates with that noise.
    const auto pure = torch::randn({2, 1, size, size});
    const auto fromPure =
        denoiser->predictNoise(pure, torch::full({2}, std::int64_t{599}), torch::full({2}, std::int64_t{-1}));
    QVERIFY((fromPure * pure).mean().item<double>() > 0.3);
  }

  void reconstructsThroughTheCliWithoutAModelOption() {
    test::TestFolder folder;
    const auto bundle = engine::ModelBundle::load(kBuilt);
    ImageGeometry geometry;
    geometry.size = {std::size_t(bundle.resolution()), std::size_t(bundle.resolution()), 1};
    ImageWriter().write(Image::filled(geometry, -1.0f), folder / "blank.nii.gz");
    const auto run = test::runCli({"reconstruct", test::pathArgument(folder / "blank.nii.gz"), "-L", "100", "-K",
                                   "3", "-o", test::pathArgument(folder / "out"), "-q", "--threads", "2"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(std::filesystem::exists(folder / "out" / "reconstruction.nii.gz"));
  }

  void classifierGuidesALocalization() {
    const auto bundle = engine::ModelBundle::load(kBuilt);
    QVERIFY(bundle.classifierConfig().has_value());
    QCOMPARE(bundle.classifierConfig()->head, std::string("cells"));
    const auto classifier = bundle.createClassifier();
    const int size = bundle.resolution();
    const auto logits = classifier->logits(torch::randn({2, 1, size, size}), torch::full({2}, std::int64_t{200}));
    QVERIFY(torch::allclose(logits.exp().sum(1), torch::ones({2}), 1e-4, 1e-5));

    test::TestFolder folder;
    const auto example = std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/examples/example.nii.gz";
    const auto run = test::runCli({"localize", test::pathArgument(example), "--method", "ddim-cg", "-K", "3", "-o",
                                   test::pathArgument(folder / "out"), "-q", "--threads", "2"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(std::filesystem::exists(folder / "out" / "boxes.json"));
  }
};

QTEST_GUILESS_MAIN(DefaultBundleTest)
#include "DefaultBundleTest.moc"
