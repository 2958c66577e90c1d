// The GUI's export of a reviewed result on a DICOM series: beside the NIfTI files and reports it
// writes the DICOM SEG, Parametric Maps and SR with the reader's edits, and a re-export drops
// the objects that no longer apply.
#include "DicomResultFixture.h"
#include "MeasurementReportReader.h"
#include "TestFolder.h"
#include "export/ResultExporter.h"
#include "image/ImageWriter.h"
#include "protocol/ResultFiles.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;
using protocol::ResultFiles;

class ResultExporterDicomTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    const DicomResult run = test::dicomResultOn(m_folder / "series");
    // The run's result folder, as `localize` leaves it (boxes not reviewed yet).
    const auto result = m_folder / "result";
    std::filesystem::create_directories(result);
    const Image input = ImageReader().read(m_folder / "series");
    ImageWriter().write(input, result / ResultFiles::kPseudoHealthy);
    ImageWriter().write(run.anomalyMap, result / ResultFiles::kAnomalyMap);
    ImageWriter().write(run.varianceMap, result / ResultFiles::kVarianceMap);
    ImageWriter().write(run.mask, result / ResultFiles::kAnomalyMask);
    FindingsDocument found = run.findings;
    found.boxes.pop_back();  // the reader draws finding 3 below
    for (auto& box : found.boxes) box.review.clear();
    found.provenance.input = (m_folder / "series").string();
    BoxesJsonFile().write(found, result / ResultFiles::kBoxesJson);

    m_request.input = std::make_shared<const Image>(input);
    m_request.inputPath = QString::fromStdString((m_folder / "series").string());
    m_request.result = LocalizationResult::load(QString::fromStdString(result.string()));
    m_request.findings = run.findings;   // accepted, rejected, drawn by the reader
    m_request.findings.boxes[0].x += 1;  // and finding 1 moved one voxel right
    m_request.targetFolder = QString::fromStdString((m_folder / "export").string());
  }

  void writesTheDicomObjectsWithTheReview() {
    const ExportReport report = ResultExporter().exportAll(m_request);
    for (const auto& name : ResultFiles::dicomOutputs()) {
      QVERIFY2(report.files.contains(QString::fromStdString(name)), name.c_str());
    }
    const auto groups =
        test::reportedFindings(m_folder / "export" / ResultFiles::kMeasurementReport);
    QCOMPARE(groups.size(), std::size_t{3});
    QCOMPARE(groups[0].review, std::string("Accepted by reader"));
    QCOMPARE(groups[1].review, std::string("Rejected by reader"));
    QCOMPARE(groups[2].review, std::string("Added by reader"));
    QVERIFY2(groups[0].box.rfind("x 5 y 3 z 1 ", 0) == 0, groups[0].box.c_str());
  }

  void reExportWithoutFindingsDropsTheSegmentation() {
    ExportRequest none = m_request;
    none.findings.boxes.clear();
    const ExportReport report = ResultExporter().exportAll(none);
    QVERIFY(report.removedFiles.contains(ResultFiles::kSegmentation));
    QVERIFY(!std::filesystem::exists(m_folder / "export" / ResultFiles::kSegmentation));
    QVERIFY(test::reportedFindings(m_folder / "export" / ResultFiles::kMeasurementReport).empty());
  }

 private:
  test::TestFolder m_folder;
  ExportRequest m_request;
};

QTEST_MAIN(ResultExporterDicomTest)
#include "ResultExporterDicomTest.moc"
