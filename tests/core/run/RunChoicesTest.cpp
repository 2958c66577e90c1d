#include "ErrorOf.h"
#include "common/Error.h"
#include "image/Image.h"
#include "run/FindingGateChoice.h"
#include "run/JobMemory.h"
#include "run/OutputGuard.h"
#include "run/SliceRange.h"
#include "run/ThresholdChoice.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include <nlohmann/json.hpp>

using namespace anomadiff;
using namespace anomadiff::run;
using anomadiff::test::errorOf;
using nlohmann::json;

namespace {

/// A 10x10 map: 90 voxels at 0.1 and 10 at 0.9 inside a full brain mask, so Otsu's threshold
/// lies between the two modes.
std::pair<Image, Image> bimodalMap() {
  ImageGeometry geometry;
  geometry.size = {10, 10, 1};
  std::vector<float> scores(100, 0.1f);
  for (int i = 0; i < 10; ++i) scores[i] = 0.9f;
  return {Image(geometry, scores), Image::filled(geometry, 1.0f)};
}

json calibratedBundle() {
  return {{"calibration",
           {{"ddpm",
             {{"fpr_5", 0.25},
              {"fpr_1", 0.4},
              {"model_sha256", "aaaaaaaa11111111"},
              {"parameters", {{"noise-level", 100.0}, {"seed", 3.0}}},
              {"box_gate", {{"statistic", "mean"}, {"minimum", 0.3}}},
              {"volume", {{"fpr_5", 0.5}}}}}}}};
}

}  // namespace

class RunChoicesTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void thresholdAutoTakesTheCalibratedValueElseOtsu() {
    const auto [map, brain] = bimodalMap();
    const auto calibrated =
        ThresholdChoice::resolve("auto", calibratedBundle(), "ddpm", map, brain);
    QCOMPARE(calibrated.value, 0.25);
    QCOMPARE(QString::fromStdString(calibrated.source), QString("calibrated-5%-fpr"));
    const auto otsu = ThresholdChoice::resolve("auto", json::object(), "ddpm", map, brain);
    QCOMPARE(QString::fromStdString(otsu.source), QString("otsu"));
    QVERIFY2(otsu.value > 0.1 && otsu.value < 0.9, qPrintable(QString::number(otsu.value)));
  }

  void thresholdForVolumesUsesTheVolumeEntry() {
    const auto [map, brain] = bimodalMap();
    QCOMPARE(ThresholdChoice::resolve("auto", calibratedBundle(), "ddpm", map, brain, true).value,
             0.5);
    QCOMPARE(ThresholdChoice::resolve("fpr1", calibratedBundle(), "ddpm", map, brain).value, 0.4);
  }

  void thresholdRefusesWhatItCannotUse() {
    const auto [map, brain] = bimodalMap();
    QVERIFY(errorOf([&] {
              ThresholdChoice::resolve("fpr5", json::object(), "thor", map, brain);
            }).contains("no calibrated threshold for method 'thor'"));
    QVERIFY(errorOf([&] {
              ThresholdChoice::resolve("0.3x", json::object(), "ddpm", map, brain);
            }).contains("--threshold '0.3x'"));
    QVERIFY(!errorOf([&] {
               ThresholdChoice::resolve("nan", json::object(), "ddpm", map, brain);
             }).isEmpty());
    QCOMPARE(ThresholdChoice::resolve("0.7", json::object(), "ddpm", map, brain).value, 0.7);
  }

  void calibrationMismatchNamesWhatDiffers() {
    const auto bundle = calibratedBundle();
    QCOMPARE(ThresholdChoice::calibrationMismatch(
                 bundle, "ddpm", {{"noise-level", 100.0}, {"seed", 9.0}}, "aaaaaaaa11111111"),
             std::string());
    const auto mismatch = ThresholdChoice::calibrationMismatch(
        bundle, "ddpm", {{"noise-level", 400.0}}, "bbbbbbbb22222222");
    QCOMPARE(QString::fromStdString(mismatch),
             QString("model aaaaaaaa → bbbbbbbb; noise-level 100 → 400"));
    ThresholdChoice choice{0.25, "calibrated-5%-fpr"};
    choice.markStale(mismatch);
    QVERIFY(QString::fromStdString(choice.source).startsWith("uncalibrated (calibrated-5%-fpr"));
    ThresholdChoice user{0.3, "user"};
    user.markStale(mismatch);
    QCOMPARE(QString::fromStdString(user.source), QString("user"));
  }

  void findingGateTakesExplicitThenCalibrated() {
    const auto explicitGate =
        FindingGateChoice::resolve("peak:0.6", "auto", json::object(), "ddpm");
    QCOMPARE(QString::fromStdString(explicitGate.source), QString("user"));
    const auto none = FindingGateChoice::resolve("auto", "auto", json::object(), "ddpm");
    QCOMPARE(QString::fromStdString(none.source), QString("none"));
    const auto calibrated = FindingGateChoice::resolve("auto", "auto", calibratedBundle(), "ddpm");
    QCOMPARE(QString::fromStdString(calibrated.source),
             QString(FindingGateChoice::kCalibratedGate));
    QCOMPARE(calibrated.gate.statistic(), BoxGate::Statistic::Mean);
    QCOMPARE(calibrated.gate.minimum(), 0.3);
    QCOMPARE(explicitGate.gate.statistic(), BoxGate::Statistic::Peak);
    QCOMPARE(explicitGate.gate.minimum(), 0.6);
    QVERIFY(none.gate.isOpen());
    QVERIFY(!errorOf([] {
               FindingGateChoice::resolve("mean:0.3", "0.5", json::object(), "ddpm");
             }).isEmpty());
    QVERIFY(!errorOf([] {
               FindingGateChoice::resolve("size:3", "auto", json::object(), "ddpm");
             }).isEmpty());
  }

  void sliceRangeParsesAndRefuses() {
    const auto range = SliceRange::parse("10:20", 50, "z");
    QCOMPARE(range.begin, std::size_t(10));
    QCOMPARE(range.end, std::size_t(20));
    for (const char* bad : {"20:10", "10:60", "a:b", "10", "-1:5", "5:5"}) {
      QVERIFY2(!errorOf([&] { SliceRange::parse(bad, 50, "z"); }).isEmpty(), bad);
    }
  }

  void outputGuardRefusesToReplaceAnInput() {
    QTemporaryDir dir;
    const std::filesystem::path folder = dir.path().toStdString();
    const auto input = folder / "out" / "anomaly.nii.gz";
    const auto message = errorOf([&] {
      OutputGuard::refuseInputs(folder / "out", {"boxes.json", "anomaly.nii.gz"}, {input});
    });
    QVERIFY2(message.contains("anomaly.nii.gz"), qPrintable(message));
    // The same file spelled relative to the working directory is still the input.
    QDir::setCurrent(dir.path());
    QVERIFY(
        !errorOf([&] { OutputGuard::refuseInputs("out", {"anomaly.nii.gz"}, {input}); }).isEmpty());
    OutputGuard::refuseInputs(folder / "out", {"boxes.json"}, {input, {}});
    // An output "folder" that is a file (here: the input itself) is refused by name.
    std::filesystem::create_directories(folder / "out");
    { std::ofstream(folder / "scan.nii") << "x"; }
    QVERIFY(errorOf([&] {
              OutputGuard::refuseInputs(folder / "scan.nii", {"boxes.json"}, {folder / "scan.nii"});
            }).contains("is not a folder (it is the input)"));
  }

  void jobMemoryRefusesFromTheHeaderWithTheFigures() {
    ImageHeader colin;
    colin.geometry.size = {181, 217, 181};
    const double voxels = 181.0 * 217.0 * 181.0;
    QCOMPARE(double(JobMemory::estimate(colin)),
             voxels * JobMemory::kBytesPerVoxel + double(JobMemory::kBaseBytes));
    JobMemory::require("colin.nii", colin, std::size_t{8} << 30);
    const QString refused =
        errorOf([&] { JobMemory::require("colin.nii", colin, std::size_t{1} << 30); });
    const QString need =
        QString::number(double(JobMemory::estimate(colin)) / double(1 << 30), 'f', 2) + " GiB";
    QVERIFY2(refused.contains("colin.nii") && refused.contains("181x217x181") &&
                 refused.contains(need) && refused.contains("1.00 GiB"),
             qPrintable(refused));
    // A forged header cannot wrap the estimate around to something small.
    ImageHeader forged;
    forged.geometry.size = {std::size_t{1} << 40, std::size_t{1} << 40, std::size_t{1} << 40};
    QCOMPARE(JobMemory::estimate(forged), SIZE_MAX);
    QVERIFY(!errorOf([&] { JobMemory::require("forged.nii", forged, 0); }).isEmpty());
    QVERIFY(JobMemory::defaultBudget() > std::size_t{1} << 30);
  }
};

QTEST_APPLESS_MAIN(RunChoicesTest)
#include "RunChoicesTest.moc"
