// The PACS round trip as a user runs it, against a real server (Orthanc, started per test run):
// a Colin27 series with a generated lesion is stored, found by patient name, retrieved,
// localized, and its SEG, Parametric Maps and SR are stored back into its study; then read back
// from the PACS with DCMTK. And every way a server can fail gives one clear line.
#include "CliRunner.h"
#include "ColinLesionSeries.h"
#include "MeasurementReportReader.h"
#include "OrthancServer.h"
#include "SegmentationReader.h"
#include "SilentServer.h"
#include "TestFolder.h"
#include "image/DicomSeries.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <tuple>

using namespace anomadiff;

namespace {

QJsonArray jsonOf(const test::CliRun& run) {
  return QJsonDocument::fromJson(run.out.toUtf8()).array();
}

QString only(const std::filesystem::path& folder) {
  return test::pathArgument(std::filesystem::directory_iterator(folder)->path());
}

/// Per segment: its voxel count and centroid (x, y, slice).
std::map<int, std::pair<std::size_t, std::array<double, 3>>> segmentCentroids(
    const QString& segFile, const DicomSource& source) {
  std::map<int, std::pair<std::size_t, std::array<double, 3>>> segments;
  DcmFileFormat file;
  if (file.loadFile(segFile.toStdString().c_str()).bad()) return segments;
  for (const auto& [number, voxels] : test::segmentVoxels(*file.getDataset(), source)) {
    std::array<double, 3> centre{};
    for (const auto& voxel : voxels) {
      for (int axis = 0; axis < 3; ++axis) centre[axis] += double(voxel[axis]);
    }
    for (double& value : centre) value /= double(std::max<std::size_t>(voxels.size(), 1));
    segments[number] = {voxels.size(), centre};
  }
  return segments;
}

void verifyOneLine(const test::CliRun& run, const QString& expected) {
  QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err));
  QVERIFY2(run.err.contains(expected), qPrintable(run.err));
  QCOMPARE(run.err.trimmed().count('\n'), 0);
}

}  // namespace

class PacsCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!m_orthanc.problem().isEmpty()) QSKIP(qPrintable(m_orthanc.problem()));
    if (!std::filesystem::exists(test::kColinBrain)) QSKIP("mricron-data is not installed");
    m_lesion = test::writeColinLesionSeries(m_folder / "colin", "Colin27^Lesion", "AD-PACS-1");
    m_source = DicomSeries::find(m_folder / "colin").source();
    const auto sent =
        test::runCli(QStringList{"pacs", "send", test::pathArgument(m_folder / "colin")} +
                     m_orthanc.dimseOptions());
    QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
    QVERIFY(sent.out.contains("stored 12 files"));
  }

  void echoesOverDimseAndDicomWeb() {
    for (const auto& options : {m_orthanc.dimseOptions(), m_orthanc.dicomWebOptions()}) {
      const auto run = test::runCli(QStringList{"pacs", "echo"} + options);
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      QVERIFY(run.out.contains("answers"));
    }
  }

  void findsTheStudyByPatientNameAndItsSeries() {
    for (const auto& options : {m_orthanc.dimseOptions(), m_orthanc.dicomWebOptions()}) {
      const auto studies = jsonOf(test::runCli(
          QStringList{"pacs", "find", "--patient-name", "Colin27*", "--json"} + options));
      QCOMPARE(studies.size(), 1);
      QCOMPARE(studies[0]["study_uid"].toString().toStdString(), m_source.studyInstanceUid);
      QCOMPARE(studies[0]["patient_id"].toString(), QString("AD-PACS-1"));
      const auto series = jsonOf(test::runCli(
          QStringList{"pacs", "find", "--study", studies[0]["study_uid"].toString(), "--json"} +
          options));
      QCOMPARE(series.size(), 1);
      QCOMPARE(series[0]["series_uid"].toString().toStdString(), m_source.seriesInstanceUid);
      QCOMPARE(series[0]["instances"].toInt(), 12);
    }
  }

  void localizesFromThePacsAndStoresTheResultsInTheStudy() {
    const auto out = m_folder / "result";
    const auto run = test::runCli(QStringList{"localize", "--from-pacs",
                                              QString::fromStdString(m_source.seriesInstanceUid),
                                              "-o", test::pathArgument(out), "--method",
                                              "intensity", "--send-to-pacs", "-q"} +
                                  m_orthanc.dimseOptions());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("stored 4 DICOM objects"), qPrintable(run.out));
    // The PACS now lists the SEG, the SR and both maps in the source's study.
    const auto listed = jsonOf(
        test::runCli(QStringList{"pacs", "find", "--study",
                                 QString::fromStdString(m_source.studyInstanceUid), "--json"} +
                     m_orthanc.dicomWebOptions()));
    QCOMPARE(listed.size(), 5);
    QString segSeries, srSeries;
    for (const auto& item : listed) {
      const QJsonObject series = item.toObject();
      if (series["modality"] == "SEG") segSeries = series["series_uid"].toString();
      if (series["modality"] == "SR") srSeries = series["series_uid"].toString();
    }
    QVERIFY(!segSeries.isEmpty() && !srSeries.isEmpty());
    // Read back from the PACS, not from the result folder: the SEG with a DIMSE C-MOVE to our
    // storage SCP, the SR over WADO-RS.
    const QString study = QString::fromStdString(m_source.studyInstanceUid);
    const QStringList move =
        m_orthanc.dimseOptions() +
        QStringList{"--retrieve", "c-move", "--move-port", QString::number(m_orthanc.movePort())};
    for (const auto& [series, name, options] :
         {std::tuple{segSeries, "seg", move},
          std::tuple{srSeries, "sr", m_orthanc.dicomWebOptions()}}) {
      const auto fetched =
          test::runCli(QStringList{"pacs", "fetch", "--study", study, "--series", series, "-o",
                                   test::pathArgument(m_folder / name)} +
                       options);
      QVERIFY2(fetched.exitCode == 0, qPrintable(fetched.err));
    }
    const auto segments = segmentCentroids(only(m_folder / "seg"), m_source);
    const auto findings = test::reportedFindings(only(m_folder / "sr").toStdString());
    QVERIFY(!findings.empty());
    // The finding nearest the generated lesion sits on it within one voxel.
    double nearest = 1e9;
    const test::ReportedFinding* onLesion = nullptr;
    for (const auto& finding : findings) {
      const auto& [count, centre] = segments.at(finding.segment);
      const double distance =
          std::hypot(centre[0] - m_lesion.labelCentroid[0], centre[1] - m_lesion.labelCentroid[1],
                     centre[2] - m_lesion.labelCentroid[2]);
      if (distance < nearest) nearest = distance, onLesion = &finding;
      QVERIFY(std::abs(finding.volumeMl - double(count) * 0.001) < 1e-6);  // 1 mm voxels
    }
    QVERIFY2(nearest <= 1.0, qPrintable(QString::number(nearest)));
    QCOMPARE(onLesion->review, std::string("Not reviewed"));
    for (const char* name : {"seg", "sr"}) {
      QProcess validator;
      validator.setProcessChannelMode(QProcess::MergedChannels);
      validator.start("dciodvfy", {only(m_folder / name)});
      if (!validator.waitForFinished(60000)) QSKIP("dciodvfy is not installed");
      const QString report = QString::fromUtf8(validator.readAll());
      QVERIFY2(!report.contains(QRegularExpression("(^|\\n)Error")), qPrintable(report));
    }
  }

  void badServersGiveOneLineWithoutSecrets() {
    qputenv("ANOMADIFF_PACS_PASSWORD", "s3cret-Pa55");
    const QString closed = QString::number(test::OrthancServer::freePort());
    test::SilentServer failing(test::SilentServer::Behaviour::Http500);
    test::SilentServer silent(test::SilentServer::Behaviour::Silent);
    const QString dicomWeb = "http://127.0.0.1:%1/dicom-web";
    const std::vector<std::pair<QStringList, QString>> cases = {
        {{"--host", "127.0.0.1", "--port", closed, "--aet", "ORTHANC"}, "Connection refused"},
        {{"--dicomweb", dicomWeb.arg(closed), "--user", "reader"}, "Connection refused"},
        {{"--host", "127.0.0.1", "--port", QString::number(m_orthanc.dicomPort()), "--aet",
          "WRONG"},
         "AE title"},
        {{"--dicomweb", dicomWeb.arg(failing.port()), "--user", "reader"}, "HTTP 500"},
        {{"--dicomweb", dicomWeb.arg(silent.port()), "--timeout", "2"}, "no answer within 2 s"},
        {{"--host", "127.0.0.1", "--port", QString::number(silent.port()), "--aet", "ORTHANC",
          "--timeout", "2"},
         "no answer within 2 s"},
        // TLS to a PACS that speaks plain DIMSE on that port; a CA file that is not there.
        {{"--host", "127.0.0.1", "--port", QString::number(m_orthanc.dicomPort()), "--aet",
          "ORTHANC", "--tls", "--timeout", "5"},
         "failed to set up TLS"},
        {{"--host", "127.0.0.1", "--port", QString::number(m_orthanc.dicomPort()), "--aet",
          "ORTHANC", "--tls", "--trusted-certificates", "/nonexistent/ca.pem"},
         "'/nonexistent/ca.pem' cannot be read"}};
    for (const auto& [options, expected] : cases) {
      const auto run = test::runCli(QStringList{"pacs", "find", "--patient-name", "*"} + options);
      verifyOneLine(run, expected);
      QVERIFY2(!run.err.contains("s3cret"), qPrintable(run.err));
    }
    qunsetenv("ANOMADIFF_PACS_PASSWORD");
  }

  void aSeriesWithAMissingSliceIsRefused() {
    test::writeColinLesionSeries(m_folder / "gap", "Gap^Series", "AD-PACS-2");
    std::filesystem::remove(m_folder / "gap" / "slice00005.dcm");
    // Read with DCMTK: our own series reader refuses the gap, as it should.
    DcmFileFormat first;
    QVERIFY(first.loadFile((m_folder / "gap" / "slice00000.dcm").c_str()).good());
    OFString gapSeries;
    first.getDataset()->findAndGetOFString(DCM_SeriesInstanceUID, gapSeries);
    QVERIFY(test::runCli(QStringList{"pacs", "send", test::pathArgument(m_folder / "gap")} +
                         m_orthanc.dicomWebOptions())
                .exitCode == 0);
    const auto run = test::runCli(QStringList{"localize", "--from-pacs", QString(gapSeries.c_str()),
                                              "-o", test::pathArgument(m_folder / "gap-result"),
                                              "--method", "intensity", "-q"} +
                                  m_orthanc.dicomWebOptions());
    QVERIFY2(run.exitCode == 1, qPrintable(run.err));
    QVERIFY2(run.err.contains(QRegularExpression("missing|gap|spacing|uneven")),
             qPrintable(run.err));
    QVERIFY(!std::filesystem::exists(m_folder / "gap-result" / "boxes.json"));
  }

  void aBadFileAmongGoodOnesStoresNothing() {
    const auto before =
        jsonOf(test::runCli(QStringList{"pacs", "find", "--patient-name", "*", "--json"} +
                            m_orthanc.dicomWebOptions()));
    std::ofstream(m_folder / "notes.dcm") << "not a DICOM file";
    auto copy = m_folder / "copy.dcm";
    std::filesystem::copy_file(m_folder / "colin" / "slice00000.dcm", copy);
    const auto run = test::runCli(QStringList{"pacs", "send", test::pathArgument(copy),
                                              test::pathArgument(m_folder / "notes.dcm")} +
                                  m_orthanc.dimseOptions());
    verifyOneLine(run, "notes.dcm");
    const auto after =
        jsonOf(test::runCli(QStringList{"pacs", "find", "--patient-name", "*", "--json"} +
                            m_orthanc.dicomWebOptions()));
    QCOMPARE(after, before);
  }

 private:
  test::OrthancServer m_orthanc;
  test::TestFolder m_folder;
  test::LesionSeries m_lesion;
  DicomSource m_source;
};

QTEST_GUILESS_MAIN(PacsCliTest)
#include "PacsCliTest.moc"
