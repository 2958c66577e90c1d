// The GUI's export of a reviewed result on a DICOM series: beside the NIfTI files and reports it
// writes the DICOM SEG, Parametric Maps and SR with the reader's edits, and a re-export drops
// the objects that no longer apply.
#include "DicomResultFixture.h"
#include "TestFolder.h"
#include "export/ResultExporter.h"
#include "image/ImageWriter.h"
#include "protocol/ResultFiles.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/dsrcodtn.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <dcmtk/dcmsr/dsrtextn.h>

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;
using protocol::ResultFiles;

namespace {

/// Per SR measurement group: its review state's meaning and its bounding box text.
std::vector<std::pair<std::string, std::string>> reviewsAndBoxes(const std::filesystem::path& sr) {
  std::vector<std::pair<std::string, std::string>> groups;
  DcmFileFormat file;
  DSRDocument document;
  if (file.loadFile(sr.c_str()).bad() || document.read(*file.getDataset()).bad()) return groups;
  DSRDocumentTree& tree = document.getTree();
  for (auto node = tree.gotoNamedNode(CODE_DCM_MeasurementGroup, OFTrue, OFTrue); node > 0;
       node = tree.gotoNextNamedNode(CODE_DCM_MeasurementGroup, OFTrue)) {
    std::pair<std::string, std::string> group;
    DSRDocumentTreeNodeCursor cursor;
    tree.getCursorToCurrentNode(cursor);
    for (bool more = cursor.gotoChild() > 0; more; more = cursor.gotoNext() > 0) {
      const DSRDocumentTreeNode& item = *cursor.getNode();
      const std::string name = item.getConceptName().getCodeMeaning().c_str();
      if (name == "Review state") {
        group.first = static_cast<const DSRCodeTreeNode&>(item).getCodeMeaning().c_str();
      } else if (name == "Bounding box") {
        group.second = static_cast<const DSRTextTreeNode&>(item).getValue().c_str();
      }
    }
    groups.push_back(group);
  }
  return groups;
}

}  // namespace

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
    const auto groups = reviewsAndBoxes(m_folder / "export" / ResultFiles::kMeasurementReport);
    QCOMPARE(groups.size(), std::size_t{3});
    QCOMPARE(groups[0].first, std::string("Accepted by reader"));
    QCOMPARE(groups[1].first, std::string("Rejected by reader"));
    QCOMPARE(groups[2].first, std::string("Added by reader"));
    QVERIFY2(groups[0].second.rfind("x 5 y 3 z 1 ", 0) == 0, groups[0].second.c_str());
  }

  void reExportWithoutFindingsDropsTheSegmentation() {
    ExportRequest none = m_request;
    none.findings.boxes.clear();
    const ExportReport report = ResultExporter().exportAll(none);
    QVERIFY(report.removedFiles.contains(ResultFiles::kSegmentation));
    QVERIFY(!std::filesystem::exists(m_folder / "export" / ResultFiles::kSegmentation));
    QVERIFY(reviewsAndBoxes(m_folder / "export" / ResultFiles::kMeasurementReport).empty());
  }

 private:
  test::TestFolder m_folder;
  ExportRequest m_request;
};

QTEST_MAIN(ResultExporterDicomTest)
#include "ResultExporterDicomTest.moc"
