// DICOM export of a result: SEG, Parametric Maps and SR Measurement Report, checked by tools
// that are not ours (dicom3tools' dciodvfy, DCMTK's dcmdump and dsr2xml) and read back from the
// plain data sets (not the IOD classes that wrote them): what a PACS and a viewer rely on.
#include "DicomResultFixture.h"
#include "MeasurementReportReader.h"
#include "SegmentationReader.h"
#include "TestFolder.h"
#include "common/Error.h"
#include "dicom/DicomResultWriter.h"
#include "protocol/ResultFiles.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <map>

using namespace anomadiff;
using protocol::ResultFiles;

namespace {

struct ToolRun {
  int exitCode = -1;
  QString output;
};

/// Runs a validation tool; empty optional when it is not installed.
std::optional<ToolRun> runTool(const QString& program, const QStringList& arguments) {
  if (QStandardPaths::findExecutable(program).isEmpty()) return std::nullopt;
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(program, arguments);
  process.waitForFinished(60000);
  return ToolRun{process.exitCode(), QString::fromUtf8(process.readAll())};
}

std::unique_ptr<DcmFileFormat> load(const std::filesystem::path& path) {
  auto file = std::make_unique<DcmFileFormat>();
  if (file->loadFile(path.c_str()).bad()) return nullptr;
  return file;
}

std::string text(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0) {
  OFString value;
  item.findAndGetOFString(tag, value, index);
  return value.c_str();
}

}  // namespace

class DicomResultWriterTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    try {
      m_result = test::dicomResultOn(m_folder / "series");
      m_written = DicomResultWriter().write(m_result, m_folder / "out");
    } catch (const std::exception& error) {
      QFAIL(error.what());
    }
  }

  void writesSegmentationMapsAndReport() {
    QCOMPARE(m_written.size(), std::size_t{4});
    for (const char* name : {ResultFiles::kSegmentation, ResultFiles::kAnomalyMapDicom,
                             ResultFiles::kVarianceMapDicom, ResultFiles::kMeasurementReport}) {
      QVERIFY2(std::filesystem::exists(m_folder / "out" / name), name);
    }
  }

  void dciodvfyFindsNoErrors() {
    for (const auto& path : m_written) {
      const auto run = runTool("dciodvfy", {QString::fromStdString(path.string())});
      if (!run) QSKIP("dciodvfy (dicom3tools) is not installed: tools/setup-deps installs it");
      const auto errors = run->output.split('\n').filter(QRegularExpression("^Error"));
      QVERIFY2(errors.isEmpty(), qPrintable(QString::fromStdString(path.filename().string()) +
                                            ":\n" + errors.join('\n')));
    }
  }

  void dcmtkToolsReadEveryObject() {
    for (const auto& path : m_written) {
      const auto run = runTool("dcmdump", {QString::fromStdString(path.string())});
      if (!run) QSKIP("dcmdump (dcmtk) is not installed: tools/setup-deps installs it");
      QVERIFY2(run->exitCode == 0, qPrintable(run->output.left(2000)));
    }
    const auto xml = runTool(
        "dsr2xml",
        {QString::fromStdString((m_folder / "out" / ResultFiles::kMeasurementReport).string())});
    if (!xml) QSKIP("dsr2xml (dcmtk) is not installed");
    QVERIFY2(xml->exitCode == 0, qPrintable(xml->output.left(2000)));
    // The run's provenance travels as TID 4019 algorithm parameters.
    for (const char* parameter : {"method=pddpm", "noise-level=400", "ensemble=4", "seed=7",
                                  "steps=20", "threads=2", "threshold=0.5"}) {
      QVERIFY2(xml->output.contains(parameter), parameter);
    }
    QVERIFY(xml->output.contains(QString::fromStdString("model_sha256=" + std::string(64, 'a'))));
  }

  void everyObjectFilesIntoTheSourceStudy() {
    for (const auto& path : m_written) {
      auto file = load(path);
      QVERIFY(file);
      DcmDataset& data = *file->getDataset();
      QCOMPARE(text(data, DCM_StudyInstanceUID), m_result.source.studyInstanceUid);
      QCOMPARE(text(data, DCM_PatientName), std::string("Phantom^Anomaly"));
      QCOMPARE(text(data, DCM_PatientID), std::string("AD-0001"));
      QVERIFY(text(data, DCM_SeriesInstanceUID) != m_result.source.seriesInstanceUid);
      QCOMPARE(text(data, DCM_Manufacturer), std::string("AnomaDiff"));
      if (path.filename() != ResultFiles::kMeasurementReport) {
        QCOMPARE(text(data, DCM_FrameOfReferenceUID), m_result.source.frameOfReferenceUid);
      }
    }
  }

  void segmentationHoldsEachFindingOnItsSlices() {
    auto file = load(m_folder / "out" / ResultFiles::kSegmentation);
    QVERIFY(file);
    DcmDataset& seg = *file->getDataset();
    QCOMPARE(text(seg, DCM_SOPClassUID), std::string("1.2.840.10008.5.1.4.1.1.66.4"));
    const auto voxels = test::segmentVoxels(seg, m_result.source);
    QCOMPARE(voxels.size(), std::size_t{3});
    // Finding 1: the mask's 3x3x2 block inside its larger box; 2: its 2x2x1 block; 3 (drawn by
    // the reader over an empty mask): its whole 4x3x1 box.
    QCOMPARE(voxels.at(1).size(), std::size_t{18});
    QCOMPARE(voxels.at(2).size(), std::size_t{4});
    QCOMPARE(voxels.at(3).size(), std::size_t{12});
    for (const auto& [segment, points] : voxels) {
      for (const auto& point : points) {
        const QByteArray where = QString("segment %1 at %2 %3 %4")
                                     .arg(segment)
                                     .arg(point[0])
                                     .arg(point[1])
                                     .arg(point[2])
                                     .toUtf8();
        QVERIFY2(point[2] < m_result.source.slices.size(), where.constData());
        QVERIFY2(m_result.mask.at(point[0], point[1], point[2]) > 0.0f || segment == 3,
                 where.constData());
        const BoundingBox& box = m_result.findings.boxes[std::size_t(segment - 1)];
        QVERIFY(point[0] >= box.x && point[0] < box.x + box.width);
        QVERIFY(point[1] >= box.y && point[1] < box.y + box.height);
        QVERIFY(point[2] >= box.z && point[2] < box.z + box.depth);
      }
    }
    DcmItem* segment = nullptr;
    QVERIFY(seg.findAndGetSequenceItem(DCM_SegmentSequence, segment, 2).good());
    QCOMPARE(text(*segment, DCM_SegmentAlgorithmType), std::string("MANUAL"));
    QCOMPARE(text(*segment, DCM_SegmentLabel), std::string("Finding 3"));
  }

  void parametricMapsHoldTheMapsOnTheSourceSlices() {
    for (const auto& [name, map] :
         {std::pair{ResultFiles::kAnomalyMapDicom, &m_result.anomalyMap},
          std::pair{ResultFiles::kVarianceMapDicom, &m_result.varianceMap}}) {
      auto file = load(m_folder / "out" / name);
      QVERIFY(file);
      DcmDataset& pm = *file->getDataset();
      QCOMPARE(text(pm, DCM_SOPClassUID), std::string("1.2.840.10008.5.1.4.1.1.30"));
      const Float32* values = nullptr;
      unsigned long count = 0;
      QVERIFY(pm.findAndGetFloat32Array(DCM_FloatPixelData, values, &count).good());
      QCOMPARE(std::size_t(count), map->voxelCount());
      DcmItem* frame = nullptr;
      for (long f = 0;
           pm.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, f).good(); ++f) {
        QCOMPARE(test::segFrameSlice(m_result.source, *frame),
                 std::size_t(f));  // frame f on slice f
      }
      const std::size_t plane = m_result.source.rows * m_result.source.columns;
      for (std::size_t i : {std::size_t{0}, plane + 17, 3 * plane + 5, map->voxelCount() - 1}) {
        QCOMPARE(values[i], map->voxels()[i]);
      }
      DcmItem* shared = nullptr;
      QVERIFY(pm.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared).good());
      DcmItem* mapping = nullptr;
      QVERIFY(shared->findAndGetSequenceItem(DCM_RealWorldValueMappingSequence, mapping).good());
      DcmItem* units = nullptr;
      QVERIFY(mapping->findAndGetSequenceItem(DCM_MeasurementUnitsCodeSequence, units).good());
      QCOMPARE(text(*units, DCM_CodeValue), std::string("1"));
      QCOMPARE(text(*units, DCM_CodingSchemeDesignator), std::string("UCUM"));
    }
  }

  void reportHoldsEachFindingWithItsReviewState() {
    const auto groups = test::reportedFindings(m_folder / "out" / ResultFiles::kMeasurementReport);
    QCOMPARE(groups.size(), std::size_t{3});
    const double voxelMl = 0.8 * 0.9 * 2.5 / 1000.0;
    const std::array<std::size_t, 3> voxels{18, 4, 12};
    const std::array<const char*, 3> reviews{"Accepted by reader", "Rejected by reader",
                                             "Added by reader"};
    for (std::size_t i = 0; i < 3; ++i) {
      QCOMPARE(groups[i].tracking, "Finding " + std::to_string(i + 1));
      QCOMPARE(groups[i].segment, Uint16(i + 1));
      QVERIFY(std::abs(groups[i].volumeMl - double(voxels[i]) * voxelMl) < 1e-6);
      QVERIFY(std::abs(groups[i].score - m_result.findings.boxes[i].score) < 1e-6);
      QCOMPARE(groups[i].review, std::string(reviews[i]));
      QVERIFY(groups[i].box.rfind("x " + std::to_string(m_result.findings.boxes[i].x), 0) == 0);
    }
  }

  void refusesMapsOffTheSeriesGridAndWritesNothing() {
    DicomResult wrong = m_result;
    ImageGeometry smaller = wrong.mask.geometry();
    smaller.size[0] -= 1;
    wrong.mask = Image::filled(smaller, 0.0f);
    try {
      DicomResultWriter().write(wrong, m_folder / "refused");
      QFAIL("a mask off the grid was written");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("grid"), error.what());
    }
    QVERIFY(!std::filesystem::exists(m_folder / "refused") ||
            std::filesystem::is_empty(m_folder / "refused"));
  }

  void withoutFindingsWritesMapsAndAnEmptyReport() {
    DicomResult empty = m_result;
    empty.findings.boxes.clear();
    const auto written = DicomResultWriter().write(empty, m_folder / "empty");
    QCOMPARE(written.size(), std::size_t{3});  // no SEG: it needs at least one segment
    QVERIFY(!std::filesystem::exists(m_folder / "empty" / ResultFiles::kSegmentation));
    QVERIFY(test::reportedFindings(m_folder / "empty" / ResultFiles::kMeasurementReport).empty());
    for (const auto& path : written) {
      const auto run = runTool("dciodvfy", {QString::fromStdString(path.string())});
      if (!run) QSKIP("dciodvfy is not installed");
      QVERIFY2(!run->output.contains(QRegularExpression("(^|\\n)Error")),
               qPrintable(run->output.left(2000)));
    }
  }

 private:
  test::TestFolder m_folder;
  DicomResult m_result;
  std::vector<std::filesystem::path> m_written;
};

QTEST_APPLESS_MAIN(DicomResultWriterTest)
#include "DicomResultWriterTest.moc"
