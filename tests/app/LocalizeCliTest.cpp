// `localize`, `calibrate` and `evaluate` end to end with the shipped default bundle on a real
// Colin27 slice with a generated lesion: every contract file on the input grid, provenance,
// calibrated thresholds written into a copy of the bundle, refusals that leave no output.
#include "CliRunner.h"
#include "TestFolder.h"
#include "engine/io/ModelBundle.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace anomadiff;

namespace {

const char* kColin = "/usr/share/mricron/templates/ch2bet.nii.gz";
const std::filesystem::path kBuilt =
    std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/models/default";

/// Few, cheap steps: the test checks the plumbing, not the model's quality.
const QStringList kFast = {"-L", "150", "-K", "4", "-N", "2", "--threads", "2", "-q"};

QJsonObject readJson(const std::filesystem::path& path) {
  QFile file(test::pathArgument(path));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

QString readText(const std::filesystem::path& path) {
  QFile file(test::pathArgument(path));
  return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
}

/// Whether boxes.json's "finding_gate" admits a box of that file (BoxGate's rule).
bool admittedBy(const QJsonObject& gate, const QJsonObject& box) {
  const QString statistic = gate["statistic"].toString();
  const double value = statistic == "peak"   ? box["max_score"].toDouble()
                       : statistic == "mass" ? box["score"].toDouble() * box["area_px"].toDouble()
                                             : box["score"].toDouble();
  return gate["minimum"].isNull() || value >= gate["minimum"].toDouble();
}

void verifyRefused(const QStringList& arguments, const QString& expected,
                   const std::filesystem::path& outputDir) {
  const auto run = test::runCli(arguments);
  QVERIFY2(run.exitCode != 0, qPrintable(run.out));
  QVERIFY2(run.err.startsWith("error: ") && run.err.contains(expected), qPrintable(run.err));
  QVERIFY2(!std::filesystem::exists(outputDir), "a refused run wrote its output folder");
}

}  // namespace

class LocalizeCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!std::filesystem::exists(kColin)) QSKIP("mricron-data is not installed");
    const auto run =
        test::runCli({"make-lesions", kColin, "--slices", "90:91", "-n", "2", "--families",
                      "ellipsoid", "--min-size", "0.03", "--max-size", "0.05", "--seed", "3", "-o",
                      test::pathArgument(m_folder / "cases")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    m_case = m_folder / "cases" / "case_0000_image.nii.gz";
    m_brain = m_folder / "cases" / "case_0000_brain.nii.gz";
  }

  void writesEveryContractFileOnTheInputGrid_data() {
    QTest::addColumn<QString>("method");
    for (const char* method : {"ddpm", "thor", "autoddpm", "pddpm"})
      QTest::newRow(method) << method;
  }

  void writesEveryContractFileOnTheInputGrid() {
    QFETCH(QString, method);
    const auto out = m_folder / ("localized-" + method.toStdString());
    const auto run = test::runCli(QStringList{"localize", test::pathArgument(m_case), "--mask",
                                              test::pathArgument(m_brain), "-o",
                                              test::pathArgument(out), "--method", method} +
                                  kFast);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const Image input = ImageReader().read(m_case);
    for (const char* name : {"pseudo_healthy.nii.gz", "anomaly_map.nii.gz", "variance_map.nii.gz",
                             "anomaly_mask.nii.gz"}) {
      const Image map = ImageReader().read(out / name);
      QVERIFY2(map.geometry() == input.geometry(), name);
      QVERIFY2(map.nonFiniteCount() == 0, name);
    }
    QCOMPARE(ImageReader().readHeader(out / "anomaly_mask.nii.gz").sampleType, SampleType::UInt8);
    const Image anomaly = ImageReader().read(out / "anomaly_map.nii.gz");
    const Image brain = ImageReader().read(m_brain);
    double inside = 0.0, outside = 0.0;
    for (std::size_t i = 0; i < anomaly.voxelCount(); ++i) {
      (brain.voxels()[i] > 0 ? inside : outside) += anomaly.voxels()[i];
    }
    QVERIFY(inside > 0.0);
    QCOMPARE(outside, 0.0);  // the map is restricted to the brain

    const auto boxes = readJson(out / "boxes.json");
    QVERIFY(boxes["boxes"].isArray());
    QVERIFY(boxes.contains("threshold"));
    QVERIFY(!boxes["threshold_source"].toString().isEmpty());
    // The shipped bundle is calibrated for every method, so findings pass a calibrated gate
    // (its box_gate, or the peak_5 of bundles calibrated before box gates).
    const QString gateSource = boxes["finding_gate_source"].toString();
    QVERIFY2(gateSource.startsWith("calibrated-"), qPrintable(gateSource));
    for (const auto box : boxes["boxes"].toArray()) {
      QVERIFY(admittedBy(boxes["finding_gate"].toObject(), box.toObject()));
    }
    const auto provenance = boxes["provenance"].toObject();
    QCOMPARE(provenance["method"].toString(), method);
    QCOMPARE(provenance["model_sha256"].toString().size(), 64);
    const auto parameters = boxes["parameters"].toObject();
    QCOMPARE(parameters["noise-level"].toDouble(), 150.0);
    QCOMPARE(parameters["ensemble"].toDouble(), 2.0);
    QVERIFY(parameters.contains("seed"));
    QCOMPARE(provenance["threads"].toInt(), 2);

    // The human-readable exports: a PNG figure, the report naming the model (also as a PDF with
    // the figure embedded, made without a display), one CSV row per box.
    QCOMPARE(readText(out / "overlay.png").mid(1, 3), QString("PNG"));
    const QString report = readText(out / "report.html");
    QVERIFY(report.contains("Research use only") && report.contains("overlay.png"));
    QVERIFY(report.contains(provenance["model_sha256"].toString()));
    const QString pdf = readText(out / "report.pdf");
    QVERIFY(pdf.startsWith("%PDF-") && pdf.trimmed().endsWith("%%EOF"));
    QVERIFY(pdf.contains("/Subtype /Image"));
    const QStringList csv = readText(out / "boxes.csv").trimmed().split('\n');
    QCOMPARE(csv.size(), 4 + boxes["boxes"].toArray().size());
  }

  // Issue 16: choices are named (`--set sampler=dpm-solver-2`), validated with the names listed,
  // and a recipe method added as one source file (plugins/anoddpm) runs end to end.
  void choicesByNameAndARecipeMethod() {
    const auto localize = [&](const char* name, const QStringList& options) {
      return test::runCli(QStringList{"localize", test::pathArgument(m_case), "--mask",
                                      test::pathArgument(m_brain), "-o",
                                      test::pathArgument(m_folder / name)} +
                          kFast + options);
    };
    auto run = localize(
        "named", {"--method", "ddpm", "--set", "sampler=dpm-solver-2", "--set", "noise=coarse"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    auto parameters = readJson(m_folder / "named" / "boxes.json")["parameters"].toObject();
    QCOMPARE(parameters["sampler"].toDouble(), 3.0);  // the registry's fourth row
    QCOMPARE(parameters["noise"].toDouble(), 1.0);

    verifyRefused(QStringList{"localize", test::pathArgument(m_case), "-o",
                              test::pathArgument(m_folder / "unknown"), "--method", "ddpm", "--set",
                              "sampler=euler"} +
                      kFast,
                  "not a number or one of ddim, ddpm, heun, dpm-solver-2", m_folder / "unknown");

    run = localize("anoddpm", {"--method", "anoddpm"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto boxes = readJson(m_folder / "anoddpm" / "boxes.json");
    QCOMPARE(boxes["provenance"].toObject()["method"].toString(), QString("anoddpm"));
    QCOMPARE(boxes["parameters"].toObject()["noise"].toDouble(), 1.0);  // coarse by default
    const Image map = ImageReader().read(m_folder / "anoddpm" / "anomaly_map.nii.gz");
    QCOMPARE(map.geometry(), ImageReader().read(m_case).geometry());
    QCOMPARE(map.nonFiniteCount(), std::size_t{0});

    const auto methods = test::runCli({"methods"});
    QVERIFY(methods.out.contains("anoddpm"));
    QVERIFY2(methods.out.contains("--sampler  ddim|ddpm|heun|dpm-solver-2, default ddim"),
             qPrintable(methods.out));
  }

  void refusesBadInputWithoutWriting() {
    const auto out = m_folder / "refused";
    const QStringList base = {
        "localize", test::pathArgument(m_case), "-o", test::pathArgument(out), "--method", "ddpm",
        "-q"};
    verifyRefused(base + QStringList{"-L", "1200"}, "noise-level", out);
    verifyRefused(base + QStringList{"-L", "0"}, "noise-level", out);
    verifyRefused(base + QStringList{"-N", "0"}, "ensemble", out);
    verifyRefused(base + QStringList{"--finding-peak", "tall"}, "finding-peak", out);
    verifyRefused(base + QStringList{"--finding-gate", "area:3"}, "finding-gate", out);
    verifyRefused(base + QStringList{"--finding-gate", "mass:3", "--finding-peak", "0.5"},
                  "not both", out);
    verifyRefused(QStringList{"localize", test::pathArgument(m_case), "-o", test::pathArgument(out),
                              "--method", "ddim-cfg", "-s", "nan", "-q"},
                  "guidance-scale", out);
    verifyRefused(base + QStringList{"--mask", test::pathArgument(m_folder / "missing.nii.gz")},
                  "missing.nii.gz", out);
    ImageGeometry small;
    small.size = {20, 20, 1};
    ImageWriter().write(Image::filled(small, 1.0f), m_folder / "small_mask.nii.gz");
    verifyRefused(base + QStringList{"--mask", test::pathArgument(m_folder / "small_mask.nii.gz")},
                  "differs", out);
    verifyRefused(QStringList{"localize", test::pathArgument(m_case), "-o", test::pathArgument(out),
                              "--method", "magic", "-q"},
                  "magic", out);
  }

  void calibrateStoresThresholdsThatLocalizeUses() {
    const auto bundle = m_folder / "bundle";
    std::filesystem::copy(kBuilt, bundle);
    const auto run =
        test::runCli(QStringList{"calibrate", kColin, "--slices", "92:94", "--model",
                                 test::pathArgument(bundle), "--method", "ddpm", "--set-default"} +
                     kFast);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    engine::ModelBundle::load(bundle);  // hashes still match after model.json was rewritten
    const auto calibration =
        readJson(bundle / "model.json")["calibration"].toObject()["ddpm"].toObject();
    const double fpr1 = calibration["fpr_1"].toDouble(), fpr5 = calibration["fpr_5"].toDouble();
    QVERIFY2(fpr1 > fpr5 && fpr5 > 0.0, qPrintable(QString("%1 %2").arg(fpr1).arg(fpr5)));
    QCOMPARE(calibration["data"].toObject()["slice_count"].toInt(), 2);
    // A healthy slice's highest score lies above the 1 % pixel threshold by definition.
    const double peak = calibration["peak_5"].toDouble();
    QVERIFY2(peak > fpr1, qPrintable(QString("%1 %2").arg(peak).arg(fpr1)));
    // The default gate: mass, at most floor(0.2 × 2) = 0 false boxes on the 2 healthy slices.
    const auto gate = calibration["box_gate"].toObject();
    QCOMPARE(gate["statistic"].toString(), QString("mass"));
    QCOMPARE(gate["target"].toDouble(), 0.2);
    QCOMPARE(gate["false_boxes_per_slice"].toDouble(), 0.0);

    const auto out = m_folder / "calibrated";
    const auto localized = test::runCli(
        {"localize", test::pathArgument(m_case), "--mask", test::pathArgument(m_brain), "-o",
         test::pathArgument(out), "--model", test::pathArgument(bundle), "-q", "--threads", "2"});
    QVERIFY2(localized.exitCode == 0, qPrintable(localized.err));
    const auto boxes = readJson(out / "boxes.json");
    QCOMPARE(boxes["threshold_source"].toString(), QString("calibrated-5%-fpr"));
    QCOMPARE(boxes["threshold"].toDouble(), fpr5);
    QCOMPARE(boxes["finding_gate_source"].toString(),
             QString("calibrated-0.2-false-boxes-per-healthy-slice"));
    QCOMPARE(boxes["finding_gate"].toObject()["minimum"].toDouble(), gate["minimum"].toDouble());
    // --set-default made the calibrated method and parameters the bundle's default.
    QCOMPARE(boxes["provenance"].toObject()["method"].toString(), QString("ddpm"));
    QCOMPARE(boxes["parameters"].toObject()["steps"].toDouble(), 4.0);

    const auto evaluated = test::runCli(
        QStringList{"evaluate", "--cases", test::pathArgument(m_folder / "cases"), "--model",
                    test::pathArgument(bundle), "--healthy", kColin, "--healthy-slices", "95:96",
                    "-o", test::pathArgument(m_folder / "evaluation")} +
        kFast);
    QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
    const auto metrics = readJson(m_folder / "evaluation" / "metrics.json");
    QCOMPARE(metrics["lesion_cases"].toInt(), 2);
    QCOMPARE(metrics["healthy_slices"].toInt(), 1);
    // Better than chance (AUROC 0.5), and the calibrated threshold's Dice cannot beat the best
    // Dice over all thresholds.
    const double ap = metrics["pixel_ap"].toDouble();
    const double auroc = metrics["pixel_auroc"].toDouble();
    QVERIFY2(auroc > 0.5, qPrintable(QString::number(auroc)));
    const double dice = metrics["dice_at_threshold"].toDouble();
    QVERIFY(dice <= metrics["best_dice"].toDouble() + 1e-12);
    QCOMPARE(metrics["iou_at_threshold"].toDouble(), dice / (2.0 - dice));
    const double inside = metrics["response_inside_truth_boxes"].toDouble();
    QVERIFY2(inside > 0.0 && inside < 1.0, qPrintable(QString::number(inside)));
    QVERIFY(metrics["healthy_mae"].toDouble() > 0.0);
    // Shares of each intensity class of the healthy brain above the threshold.
    const auto byIntensity = metrics["healthy_share_above_threshold"].toObject();
    QCOMPARE(byIntensity.keys(),
             QStringList({"brightest_10_percent", "darkest_10_percent", "middle"}));
    for (const auto& share : byIntensity) {
      QVERIFY(share.toDouble() >= 0.0 && share.toDouble() <= 1.0);
    }
    QVERIFY(std::filesystem::exists(m_folder / "evaluation" / "cases.csv"));
    // The FROC of every gate statistic: the curve starts with no box at all.
    for (const char* statistic : {"mean", "peak", "mass"}) {
      const auto froc = metrics["froc"].toObject()[statistic].toObject();
      QCOMPARE(froc["healthy_slices"].toInt(), 1);
      QCOMPARE(froc["sensitivity_at"].toObject().keys(), QStringList({"0.1", "0.2", "0.5", "1"}));
      const auto curve = froc["curve"].toArray();
      QVERIFY2(!curve.isEmpty() && curve.size() <= 200, statistic);
      QCOMPARE(curve[0].toArray()[0].toDouble(), 0.0);
    }
    QCOMPARE(metrics["finding_gate_source"].toString(),
             QString("calibrated-0.2-false-boxes-per-healthy-slice"));
    for (const char* curve : {"pr_curve.png", "roc_curve.png", "froc.png"}) {
      QCOMPARE(readText(m_folder / "evaluation" / curve).mid(1, 3), QString("PNG"));
    }
    // Both cases are ellipsoids of 3-5 % of the brain: one family stratum, one size stratum,
    // each pooling the same pixels as the whole set.
    const auto strata = metrics["strata"].toObject();
    QCOMPARE(strata.keys(), QStringList({"family=ellipsoid", "size=large"}));
    QCOMPARE(strata["family=ellipsoid"].toObject()["cases"].toInt(), 2);
    QCOMPARE(strata["size=large"].toObject()["pixel_ap"].toDouble(), ap);
    // Each stratum holds every lesion here, so its sensitivity at the pooled gate is the whole
    // set's.
    for (const char* statistic : {"mean", "peak", "mass"}) {
      const auto froc = metrics["froc"].toObject()[statistic].toObject();
      const auto byStratum = froc["sensitivity_at_0_2_by_stratum"].toObject();
      QCOMPARE(byStratum.keys(), QStringList({"family=ellipsoid", "size=large"}));
      const auto family = byStratum["family=ellipsoid"].toObject();
      QCOMPARE(family["lesions"].toInt(), froc["lesions"].toInt());
      QCOMPARE(family["sensitivity"].toDouble(),
               froc["sensitivity_at"].toObject()["0.2"].toDouble());
    }
  }

  /// Uses the bundle calibrated above: its threshold is applied to other parameters or other
  /// weights only as "uncalibrated", naming what differs.
  void thresholdsOfOtherParametersOrWeightsAreMarkedUncalibrated() {
    const auto bundle = m_folder / "bundle";
    const auto localize = [&](const char* folder, QStringList extra) {
      const auto out = m_folder / folder;
      const auto run =
          test::runCli(QStringList{"localize", test::pathArgument(m_case), "--mask",
                                   test::pathArgument(m_brain), "-o", test::pathArgument(out),
                                   "--model", test::pathArgument(bundle), "-q", "--threads", "2"}
                       << extra);
      if (run.exitCode != 0) return "failed: " + run.err;
      return readJson(out / "boxes.json")["threshold_source"].toString();
    };
    QCOMPARE(localize("same", {}), QString("calibrated-5%-fpr"));
    const QString otherLevel = localize("other-level", {"-L", "100"});
    QVERIFY2(otherLevel.startsWith("uncalibrated") && otherLevel.contains("noise-level 150 → 100"),
             qPrintable(otherLevel));

    // The same parameters with other weights: the calibration records the model it was made with.
    QFile file(QString::fromStdString((bundle / "model.json").string()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto description = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    auto calibration = description["calibration"].toObject();
    auto ddpm = calibration["ddpm"].toObject();
    ddpm["model_sha256"] = QString(64, '0');
    calibration["ddpm"] = ddpm;
    description["calibration"] = calibration;
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(description).toJson());
    file.close();
    const QString otherModel = localize("other-model", {});
    QVERIFY2(otherModel.startsWith("uncalibrated") && otherModel.contains("model 00000000 → "),
             qPrintable(otherModel));
  }

 private:
  test::TestFolder m_folder;
  std::filesystem::path m_case, m_brain;
};

QTEST_GUILESS_MAIN(LocalizeCliTest)
#include "LocalizeCliTest.moc"
