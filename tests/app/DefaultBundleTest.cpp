// The shipped default bundle (resources/models/default) loads with matching hashes from the
// build tree, its denoiser predicts finite noise of the right shape, and a tiny reconstruction
// through the CLI runs on it; its cell-head classifier gives a proper distribution and its
// gradient changes a ddim-cg localization of the bundled example; classifier-free guidance
// (ddim-cfg) runs end to end and its weight changes the reconstruction.
#include "CliRunner.h"
#include "TestFolder.h"
#include "engine/io/ModelBundle.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "engine/networks/NoisyClassifierNetConfig.h"
#include "engine/networks/UNetDenoiser.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "lesions/LesionGenerator.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SliceExtractor.h"

#include <QtTest>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace anomadiff;

namespace {

const std::filesystem::path kShipped =
    std::filesystem::path(ANOMADIFF_SOURCE_DIR) / "resources/models/default";
const std::filesystem::path kBuilt =
    std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/models/default";

/// Lesion pixels (label > 0) inside a boxes.json box.
double shareOfLesionInBox(const Image& label, const nlohmann::json& box) {
  double inside = 0.0, total = 0.0;
  const std::size_t x0 = box.at("x"), y0 = box.at("y"), w = box.at("width"), h = box.at("height");
  for (std::size_t y = 0; y < label.height(); ++y) {
    for (std::size_t x = 0; x < label.width(); ++x) {
      if (!(label.at(x, y) > 0.0f)) continue;
      total += 1.0;
      inside += x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
    }
  }
  return total > 0.0 ? inside / total : 0.0;
}

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
    const auto epsilon = denoiser->predictNoise(x, torch::full({2}, std::int64_t{300}),
                                                torch::full({2}, std::int64_t{-1}));
    QCOMPARE(epsilon.sizes(), x.sizes());
    QVERIFY(torch::isfinite(epsilon).all().item<bool>());
    // A trained ε-model's prediction from pure noise correlates with that noise.
    const auto pure = torch::randn({2, 1, size, size});
    const auto fromPure = denoiser->predictNoise(pure, torch::full({2}, std::int64_t{599}),
                                                 torch::full({2}, std::int64_t{-1}));
    QVERIFY((fromPure * pure).mean().item<double>() > 0.3);
  }

  void reconstructsThroughTheCliWithoutAModelOption() {
    test::TestFolder folder;
    const auto bundle = engine::ModelBundle::load(kBuilt);
    ImageGeometry geometry;
    geometry.size = {std::size_t(bundle.resolution()), std::size_t(bundle.resolution()), 1};
    ImageWriter().write(Image::filled(geometry, -1.0f), folder / "blank.nii.gz");
    const auto run =
        test::runCli({"reconstruct", test::pathArgument(folder / "blank.nii.gz"), "-L", "100", "-K",
                      "3", "-o", test::pathArgument(folder / "out"), "-q", "--threads", "2"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(std::filesystem::exists(folder / "out" / "reconstruction.nii.gz"));
  }

  /// The product's promise on a slice the model never saw: a large, dark, stroke-like lesion
  /// is gone from the pseudo-healthy image, so the map inside it is far above the calibrated
  /// 5 % threshold, and the top box holds it. Default method and parameters, no options.
  void defaultMethodRemovesALargeDarkLesionAndBoxesIt() {
    const auto bundle = engine::ModelBundle::load(kBuilt);
    const auto& description = bundle.description();
    const std::string method = description.value("default_method", "");
    if (!description.contains("calibration") || !description["calibration"].contains(method)) {
      QFAIL("the default method has no calibrated threshold");
    }
    const double fpr5 = description["calibration"][method]["fpr_5"].get<double>();

    const Image colin = ImageReader().read("/usr/share/mricron/templates/ch2bet.nii.gz");
    const Image slice = preprocess::SliceExtractor::extract(colin, 2, 95);  // held out
    const Image brain = preprocess::BrainMask::fromSkullStripped(slice);
    lesions::LesionSpec spec;
    spec.family = lesions::LesionFamily::Irregular;
    spec.center = {70, 120, 0};  // left hemisphere white matter and cortex
    spec.radii = {17, 12, 1};
    spec.softness = 0.15;
    spec.amplitude = 0.05;  // CSF-dark, as a chronic infarct on T1
    spec.seed = 7;
    const auto lesion = lesions::LesionGenerator().apply(slice, brain, spec);
    const double brainShare = double(lesion.labelVoxels) / double(lesion.brainVoxels);
    QVERIFY2(brainShare >= 0.03, qPrintable(QString("lesion is %1 of the brain").arg(brainShare)));

    test::TestFolder folder;
    ImageWriter().write(lesion.image, folder / "case.nii.gz");
    ImageWriter().write(brain, folder / "brain.nii.gz");
    const auto run = test::runCli({"localize", test::pathArgument(folder / "case.nii.gz"), "--mask",
                                   test::pathArgument(folder / "brain.nii.gz"), "-o",
                                   test::pathArgument(folder / "out"), "-q", "--threads", "2"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const Image anomaly = ImageReader().read(folder / "out" / "anomaly_map.nii.gz");
    double sum = 0.0;
    for (std::size_t i = 0; i < anomaly.voxelCount(); ++i) {
      if (lesion.label.voxels()[i] > 0.0f) sum += anomaly.voxels()[i];
    }
    const double meanInside = sum / double(lesion.labelVoxels);
    qInfo("%s: mean score inside the lesion %.3f = %.1f x the 5 %% threshold %.3f", method.c_str(),
          meanInside, meanInside / fpr5, fpr5);
    // Issue 14's acceptance point. Met since its ninth session by the healthy denoiser trained
    // with restoration (`train --corrupt 0.5` and larger anatomical augmentation), L 100: 4.8 x
    // the threshold, the top box holding 98 % of it; 1.6 x with the plain 128 px model before it
    // (it redrew the lesion as an enlarged ventricle), 0.6 x with the lesion-aware model before
    // that.
    QVERIFY(meanInside >= 3.0 * fpr5);

    std::ifstream stream(folder / "out" / "boxes.json");
    const auto boxes = nlohmann::json::parse(stream).at("boxes");
    QVERIFY2(!boxes.empty(), "no finding on a large dark lesion");
    const double held = shareOfLesionInBox(lesion.label, boxes.front());
    qInfo("top box (score %.3f) holds %.0f %% of the lesion",
          boxes.front().at("score").get<double>(), 100.0 * held);
    QVERIFY(held >= 0.5);
  }

  void aLevelSpreadAboveTheTrainedRangeIsRefused() {
    // The healthy denoiser learned t <= 600: L 500 alone is allowed, its top group at 700 is not.
    const Image colin = ImageReader().read("/usr/share/mricron/templates/ch2bet.nii.gz");
    test::TestFolder folder;
    ImageWriter().write(preprocess::SliceExtractor::extract(colin, 2, 95), folder / "slice.nii.gz");
    const auto run = test::runCli({"localize", test::pathArgument(folder / "slice.nii.gz"), "-o",
                                   test::pathArgument(folder / "out"), "-q", "-L", "500", "--set",
                                   "level-spread=200"});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("noise level L + level spread = 700 is above t = 600"),
             qPrintable(run.err));
    QVERIFY(!std::filesystem::exists(folder / "out" / "anomaly_map.nii.gz"));
  }

  void classifierGuidesALocalization() {
    const auto bundle = engine::ModelBundle::load(kBuilt);
    QVERIFY(bundle.classifierConfig().has_value());
    QCOMPARE(bundle.classifierConfig()->head, std::string("cells"));
    const auto classifier = bundle.createClassifier();
    const int size = bundle.resolution();
    const auto logits =
        classifier->logits(torch::randn({2, 1, size, size}), torch::full({2}, std::int64_t{200}));
    QVERIFY(torch::allclose(logits.exp().sum(1), torch::ones({2}), 1e-4, 1e-5));

    // The gradient must move the reconstruction: s 6 and s 0 (same seed, same encoding) differ
    // inside the brain, and the provenance records the scale that ran.
    test::TestFolder folder;
    const auto guided = localizeExample(folder / "guided", "ddim-cg", {"-s", "6"});
    const auto unguided = localizeExample(folder / "unguided", "ddim-cg", {"-s", "0"});
    QCOMPARE(guided.boxes.at("parameters").at("guidance-scale").get<double>(), 6.0);
    QCOMPARE(unguided.boxes.at("parameters").at("guidance-scale").get<double>(), 0.0);
    QVERIFY2(meanDifference(guided.pseudoHealthy, unguided.pseudoHealthy) > 1e-3,
             "the classifier's gradient did not change the reconstruction");
  }

  // Classifier-free guidance end to end: the healthy slot's ε and the null ε mixed with weight w.
  void classifierFreeGuidanceLocalizes() {
    test::TestFolder folder;
    const auto weighted = localizeExample(folder / "w2", "ddim-cfg", {"-s", "2", "-N", "1"});
    const auto plain = localizeExample(folder / "w0", "ddim-cfg", {"-s", "0", "-N", "1"});
    QCOMPARE(weighted.boxes.at("provenance").at("method").get<std::string>(),
             std::string("ddim-cfg"));
    QCOMPARE(weighted.pseudoHealthy.geometry().size, weighted.input.geometry().size);
    QCOMPARE(weighted.pseudoHealthy.nonFiniteCount(), std::size_t{0});
    QVERIFY2(meanDifference(weighted.pseudoHealthy, plain.pseudoHealthy) > 1e-3,
             "the guidance weight did not change the reconstruction");
  }

 private:
  struct Localized {
    Image input, pseudoHealthy;
    nlohmann::json boxes;  ///< boxes.json
  };

  /// The bundled example through `localize` with the default bundle at K 3.
  static Localized localizeExample(const std::filesystem::path& out, const char* method,
                                   const QStringList& options) {
    const auto example =
        std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/examples/example.nii.gz";
    QStringList arguments{
        "localize", test::pathArgument(example), "--method", method,      "-K", "3", "--seed", "5",
        "-o",       test::pathArgument(out),     "-q",       "--threads", "2"};
    const auto run = test::runCli(arguments + options);
    if (run.exitCode != 0) throw std::runtime_error(run.err.toStdString());
    std::ifstream boxes(out / "boxes.json");
    return {ImageReader().read(example), ImageReader().read(out / "pseudo_healthy.nii.gz"),
            nlohmann::json::parse(boxes)};
  }

  static double meanDifference(const Image& a, const Image& b) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.voxelCount(); ++i) sum += std::abs(a.voxels()[i] - b.voxels()[i]);
    return sum / static_cast<double>(std::max<std::size_t>(1, a.voxelCount()));
  }
};

QTEST_GUILESS_MAIN(DefaultBundleTest)
#include "DefaultBundleTest.moc"
