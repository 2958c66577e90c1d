// Whole volumes have their own operating point (issue 15): the bundle's volume_parameters replace
// the slice defaults for a volume the intake brings into the template's space, with their own
// calibration ("volume" entry: `calibrate --for-volumes`, then `calibrate-volumes`), while a
// slice keeps the slice defaults and thresholds, and a parameter the user names wins over both.
// The default bundle gives whole volumes their own healthy model (volume_denoisers): calibration,
// the run and its provenance use it for volumes, the healthy denoiser for slices.
// Cheap settings (K = 1, N = 1 for volumes) keep a whole Colin27 volume to seconds.
#include "CliRunner.h"
#include "RealData.h"
#include "TestFolder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace anomadiff;

namespace {

const std::filesystem::path kBuilt =
    std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/models/default";

QJsonObject readJson(const std::filesystem::path& path) {
  QFile file(test::pathArgument(path));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject ddpmCalibration(const std::filesystem::path& bundle) {
  return readJson(bundle / "model.json")["calibration"].toObject()["ddpm"].toObject();
}

/// sha256 of the bundle's model in `slot`.
QString slotHash(const std::filesystem::path& bundle, const QString& slot) {
  return readJson(bundle / "model.json")[slot].toObject()["sha256"].toString();
}

QString modelHashOf(const QJsonObject& boxes) {
  return boxes["provenance"].toObject()["model_sha256"].toString();
}

}  // namespace

class VolumeParametersCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!std::filesystem::exists(test::kColinBrain)) QSKIP("mricron-data is not installed");
    m_bundle = m_folder / "bundle";
    std::filesystem::copy(kBuilt, m_bundle);
    m_sliceThreshold = ddpmCalibration(m_bundle)["fpr_5"].toDouble();
    QVERIFY(m_sliceThreshold > 0.0);
    // The shipped slice defaults, which slices keep whatever the volume entry says.
    m_sliceDefaults =
        readJson(m_bundle / "model.json")["default_parameters"].toObject()["ddpm"].toObject();
    QVERIFY(m_sliceDefaults["steps"].toDouble() > 1.0);
    const auto volumeDenoisers = readJson(m_bundle / "model.json")["volume_denoisers"].toObject();
    m_volumeModel = slotHash(m_bundle, volumeDenoisers["ddpm"].toString());
    m_sliceModel = slotHash(m_bundle, "healthy_denoiser");
    QVERIFY2(!m_volumeModel.isEmpty(), "the default bundle names no volume model for ddpm");
    QVERIFY(m_volumeModel != m_sliceModel);
  }

  void calibrateForVolumesStoresAVolumeEntryBesideTheSliceOne() {
    const auto run = test::runCli({"calibrate", test::kColinBrain, "--slices", "92:94", "--model",
                                   test::pathArgument(m_bundle), "--method", "ddpm",
                                   "--for-volumes", "-K", "1", "-N", "1", "--threads", "2", "-q"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto description = readJson(m_bundle / "model.json");
    const auto volumeParameters = description["volume_parameters"].toObject()["ddpm"].toObject();
    QCOMPARE(volumeParameters["steps"].toDouble(), 1.0);
    QCOMPARE(volumeParameters["ensemble"].toDouble(), 1.0);
    const auto calibration = ddpmCalibration(m_bundle);
    // The slice entry is untouched; the volume entry was measured at K = 1, N = 1 and the
    // other slice defaults (L 150).
    QCOMPARE(calibration["fpr_5"].toDouble(), m_sliceThreshold);
    const auto volume = calibration["volume"].toObject();
    QCOMPARE(volume["parameters"].toObject()["steps"].toDouble(), 1.0);
    QCOMPARE(volume["parameters"].toObject()["noise-level"].toDouble(), 150.0);
    m_volumeThreshold = volume["fpr_5"].toDouble();
    QVERIFY(m_volumeThreshold > 0.0 && m_volumeThreshold != m_sliceThreshold);
    QVERIFY(volume.contains("median"));
    QCOMPARE(volume["model_sha256"].toString(), m_volumeModel);
    QCOMPARE(calibration["model_sha256"].toString(), m_sliceModel);
  }

  void aWholeVolumeRunsAtTheVolumeParametersAndTheirGate() {
    const auto run =
        test::runCli({"calibrate-volumes", test::kColinBrain, "--model",
                      test::pathArgument(m_bundle), "--method", "ddpm", "--threads", "2", "-q"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto gate = ddpmCalibration(m_bundle)["volume"].toObject()["volume_gate"].toObject();
    QCOMPARE(gate["statistic"].toString(), QString("mass"));

    const auto out = m_folder / "volume";
    const auto localized =
        test::runCli({"localize", test::kColinBrain, "-o", test::pathArgument(out), "--model",
                      test::pathArgument(m_bundle), "--threads", "2", "-q"});
    QVERIFY2(localized.exitCode == 0, qPrintable(localized.err));
    const auto boxes = readJson(out / "boxes.json");
    QVERIFY(boxes["slice_consistency"].toBool());
    // A whole volume's map is levelled to the volume entry's healthy median.
    QCOMPARE(boxes["map_level"].toObject()["calibrated_median"].toDouble(),
             ddpmCalibration(m_bundle)["volume"].toObject()["median"].toDouble());
    QCOMPARE(boxes["parameters"].toObject()["steps"].toDouble(), 1.0);
    QCOMPARE(boxes["parameters"].toObject()["ensemble"].toDouble(), 1.0);
    QCOMPARE(boxes["threshold_source"].toString(), QString("calibrated-5%-fpr"));
    QCOMPARE(boxes["threshold"].toDouble(), m_volumeThreshold);
    QCOMPARE(boxes["finding_gate_source"].toString(), QString("calibrated-healthy-volumes"));
    // The gate stands above every component of this very volume: no finding.
    QCOMPARE(boxes["boxes"].toArray().size(), 0);
    QCOMPARE(modelHashOf(boxes), m_volumeModel);
  }

  void aNamedParameterWinsOverTheVolumeDefault() {
    const auto out = m_folder / "volume-n2";
    const auto localized =
        test::runCli({"localize", test::kColinBrain, "-o", test::pathArgument(out), "--model",
                      test::pathArgument(m_bundle), "-N", "2", "--threads", "2", "-q"});
    QVERIFY2(localized.exitCode == 0, qPrintable(localized.err));
    const auto boxes = readJson(out / "boxes.json");
    QCOMPARE(boxes["parameters"].toObject()["ensemble"].toDouble(), 2.0);
    QCOMPARE(boxes["parameters"].toObject()["steps"].toDouble(), 1.0);
    const QString source = boxes["threshold_source"].toString();
    QVERIFY2(source.startsWith("uncalibrated") && source.contains("ensemble 1 → 2"),
             qPrintable(source));
  }

  void aSliceKeepsTheSliceDefaultsAndThreshold() {
    const auto cases = m_folder / "cases";
    const auto made = test::runCli({"make-lesions", test::kColinBrain, "--slices", "90:91", "-n",
                                    "1", "--seed", "3", "-o", test::pathArgument(cases)});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    const auto out = m_folder / "slice";
    const auto localized = test::runCli(
        {"localize", test::pathArgument(cases / "case_0000_image.nii.gz"), "-o",
         test::pathArgument(out), "--model", test::pathArgument(m_bundle), "--threads", "2", "-q"});
    QVERIFY2(localized.exitCode == 0, qPrintable(localized.err));
    const auto boxes = readJson(out / "boxes.json");
    QCOMPARE(boxes["parameters"].toObject()["steps"].toDouble(),
             m_sliceDefaults["steps"].toDouble());
    QCOMPARE(boxes["parameters"].toObject()["ensemble"].toDouble(),
             m_sliceDefaults["ensemble"].toDouble());
    QCOMPARE(boxes["threshold"].toDouble(), m_sliceThreshold);
    QCOMPARE(boxes["threshold_source"].toString(), QString("calibrated-5%-fpr"));
    QCOMPARE(modelHashOf(boxes), m_sliceModel);
    // A slice keeps its own map (one slice's median is too noisy a level), nor is it smoothed
    // across slices: what `evaluate` measures is what the reader sees.
    QVERIFY(!boxes.contains("map_level"));
    QVERIFY(!boxes["slice_consistency"].toBool());
  }

  void theMethodCatalogShowsTheVolumeDefault() {
    const auto run = test::runCli({"methods", "--json", "--model", test::pathArgument(m_bundle)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto methods = QJsonDocument::fromJson(run.out.toUtf8()).array();
    for (const auto& method : methods) {
      if (method.toObject()["name"].toString() != "ddpm") continue;
      for (const auto& parameter : method.toObject()["parameters"].toArray()) {
        const auto object = parameter.toObject();
        if (object["name"].toString() != "steps") continue;
        QCOMPARE(object["default"].toDouble(), m_sliceDefaults["steps"].toDouble());
        QCOMPARE(object["volume_default"].toDouble(), 1.0);
        return;
      }
    }
    QFAIL("ddpm's steps are missing from the catalog");
  }

 private:
  test::TestFolder m_folder;
  std::filesystem::path m_bundle;
  double m_sliceThreshold = 0.0, m_volumeThreshold = 0.0;
  QJsonObject m_sliceDefaults;
  QString m_volumeModel, m_sliceModel;  ///< sha256 of the models volumes and slices use
};

QTEST_GUILESS_MAIN(VolumeParametersCliTest)
#include "VolumeParametersCliTest.moc"
