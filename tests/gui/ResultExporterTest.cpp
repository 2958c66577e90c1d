// The export of a reviewed result: a fake result folder written with core's writers and read back
// with LocalizationResult::load, the reader's edits (a moved and accepted box, a rejected one, a
// drawn one), and everything the export folder then holds, read back independently.
#include "TestFolder.h"
#include "common/Error.h"
#include "export/ResultExporter.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "report/BoxesJsonFile.h"

#include <QFile>
#include <QImage>
#include <QtTest>

#include <cmath>
#include <set>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

ImageGeometry planeGeometry() {
  ImageGeometry geometry;
  geometry.size = {64, 64, 1};
  geometry.spacing = {0.5, 0.75, 1.0};
  geometry.origin = {10.0, -20.0, 0.0};
  return geometry;
}

ImageGeometry volumeGeometry() {
  ImageGeometry geometry;
  geometry.size = {32, 32, 8};
  geometry.spacing = {1.0, 1.0, 2.0};
  geometry.origin = {1.0, 2.0, 3.0};
  return geometry;
}

BoundingBox box(int id, std::size_t x, std::size_t y, std::size_t z, std::size_t w, std::size_t h,
                std::size_t d) {
  BoundingBox result;
  result.id = id;
  result.x = x;
  result.y = y;
  result.z = z;
  result.width = w;
  result.height = h;
  result.depth = d;
  result.score = 0.9 / id;
  result.maxScore = 1.0;
  result.meanVariance = 0.01;
  result.areaPx = w * h * d;
  return result;
}

/// A bright disc per slice (a skull-stripped "brain") on the given grid.
Image brainLike(const ImageGeometry& geometry) {
  Image image = Image::filled(geometry, 0.0f);
  const double cx = geometry.size[0] / 2.0, cy = geometry.size[1] / 2.0;
  for (std::size_t z = 0; z < geometry.size[2]; ++z) {
    for (std::size_t y = 0; y < geometry.size[1]; ++y) {
      for (std::size_t x = 0; x < geometry.size[0]; ++x) {
        if (std::hypot(x - cx, y - cy) < 0.48 * geometry.size[0]) image.at(x, y, z) = 100.0f;
      }
    }
  }
  return image;
}

void fillBox(Image& image, const BoundingBox& b, float value) {
  for (std::size_t z = b.z; z < b.z + b.depth; ++z) {
    for (std::size_t y = b.y; y < b.y + b.height; ++y) {
      for (std::size_t x = b.x; x < b.x + b.width; ++x) image.at(x, y, z) = value;
    }
  }
}

std::set<QString> entries(const QString& folder) {
  const auto names = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
  return {names.begin(), names.end()};
}

QString readText(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

/// An input, the result a run wrote for it (two findings) and the reader's edits: finding 1
/// moved 3 voxels right and accepted, finding 2 rejected, finding 3 drawn.
class Scenario {
 public:
  explicit Scenario(const ImageGeometry& geometry) {
    const bool flat = geometry.is2D();
    m_found = {box(1, 4, 5, flat ? 0 : 2, 8, 6, flat ? 1 : 3),
               box(2, 20, 20, flat ? 0 : 4, 6, 6, flat ? 1 : 2)};
    auto input = brainLike(geometry);
    for (const auto& b : m_found) fillBox(input, b, 180.0f);
    QDir(folder()).mkpath("input");
    inputPath = folder() + "/input/scan.nii.gz";
    ImageWriter().write(input, path(inputPath));
    this->input = std::make_shared<const Image>(ImageReader().read(path(inputPath)));
    writeResult(geometry);
    result = LocalizationResult::load(folder() + "/result");
    edited = editedFindings();
  }

  QString folder() const { return QString::fromStdString(m_root.path().string()); }
  static std::filesystem::path path(const QString& name) { return name.toStdString(); }

  ExportRequest request(const QString& target) const {
    return {input, inputPath, result, edited, target};
  }

  std::shared_ptr<const Image> input;
  QString inputPath;
  LocalizationResult result;
  FindingsDocument edited;

 private:
  void writeResult(const ImageGeometry& geometry) {
    QDir(folder()).mkpath("result");
    const auto at = [&](const char* name) { return path(folder() + "/result/" + name); };
    Image anomaly = Image::filled(geometry, 0.0f);
    for (const auto& b : m_found) fillBox(anomaly, b, 0.8f);
    Image mask(geometry, std::vector<float>(anomaly.voxels().begin(), anomaly.voxels().end()),
               SampleType::UInt8);
    for (float& v : mask.voxels()) v = v > 0.5f ? 1.0f : 0.0f;
    ImageWriter().write(brainLike(geometry), at("pseudo_healthy.nii.gz"));
    ImageWriter().write(anomaly, at("anomaly_map.nii.gz"));
    ImageWriter().write(Image::filled(geometry, 0.01f), at("variance_map.nii.gz"));
    ImageWriter().write(mask, at("anomaly_mask.nii.gz"));
    FindingsDocument findings;
    findings.boxes = m_found;
    findings.threshold = 0.5;
    findings.thresholdSource = "user";
    findings.provenance.appVersion = "1.2.3";
    findings.provenance.method = "ddim-cg";
    findings.provenance.modelName = "tiny";
    findings.provenance.modelHash = std::string(64, 'a');
    findings.provenance.parameters = {
        {"noise-level", 200}, {"guidance-scale", 3}, {"ensemble", 4}, {"steps", 20}, {"seed", 17}};
    findings.provenance.threads = 2;
    findings.provenance.input = inputPath.toStdString();
    BoxesJsonFile().write(findings, at("boxes.json"));
  }

  FindingsDocument editedFindings() const {
    FindingsDocument document = result.findings;
    document.boxes[0].x += 3;
    document.boxes[0].review = std::string(kReviewAccepted);
    document.boxes[1].review = std::string(kReviewRejected);
    auto drawn = box(3, 4, 20, m_found[1].z, 5, 4, m_found[1].depth);
    drawn.score = drawn.maxScore = drawn.meanVariance = 0.0;
    drawn.areaPx = 0;
    drawn.review = std::string(kReviewAdded);
    document.boxes.push_back(drawn);
    return document;
  }

  test::TestFolder m_root;
  std::vector<BoundingBox> m_found;
};

const QStringList kFixedOutputs = {"pseudo_healthy.nii.gz",
                                   "anomaly_map.nii.gz",
                                   "variance_map.nii.gz",
                                   "anomaly_mask.nii.gz",
                                   "reviewed_boxes_mask.nii.gz",
                                   "boxes.json",
                                   "boxes.csv",
                                   "report.html",
                                   "report.pdf"};

void verifyNear(const ImageGeometry& actual, const ImageGeometry& expected) {
  QCOMPARE(actual.size, expected.size);
  for (std::size_t i = 0; i < 3; ++i) {
    QVERIFY(std::abs(actual.spacing[i] - expected.spacing[i]) < 1e-6);
    QVERIFY(std::abs(actual.origin[i] - expected.origin[i]) < 1e-6);
  }
}

}  // namespace

class ResultExporterTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void writesEveryFileAndNothingElse() {
    Scenario scenario(planeGeometry());
    const QString target = scenario.folder() + "/export";
    const auto report = ResultExporter().exportAll(scenario.request(target));
    QCOMPARE(report.folder, target);
    QStringList expected = {"finding_1_z0.png", "finding_3_z0.png"};
    expected += kFixedOutputs;
    QCOMPARE(std::set<QString>(report.files.begin(), report.files.end()),
             std::set<QString>(expected.begin(), expected.end()));
    // Exactly these files: no figure of the rejected finding, no temporaries left behind.
    QCOMPARE(entries(target), std::set<QString>(expected.begin(), expected.end()));
    QVERIFY(report.removedFiles.isEmpty());
    QVERIFY(!QImage(target + "/finding_1_z0.png").isNull());
  }

  void boxesJsonHoldsTheEditsAndTheReview() {
    Scenario scenario(planeGeometry());
    const QString target = scenario.folder() + "/export";
    ResultExporter().exportAll(scenario.request(target));
    const auto read = BoxesJsonFile().read(Scenario::path(target + "/boxes.json"));
    QCOMPARE(read.boxes.size(), std::size_t{3});
    QCOMPARE(read.boxes[0].x, std::size_t{7});  // moved from 4
    QCOMPARE(read.boxes[0].review, std::string("accepted"));
    QCOMPARE(read.boxes[1].review, std::string("rejected"));
    QCOMPARE(read.boxes[2].id, 3);
    QCOMPARE(read.boxes[2].review, std::string("added"));
    QVERIFY(!read.reviewedUtc.empty());
    QCOMPARE(read.provenance.modelHash, std::string(64, 'a'));
    QCOMPARE(read.provenance.parameters, scenario.result.findings.provenance.parameters);
    QCOMPARE(read.threshold, 0.5);
  }

  void csvHasTheReviewColumnAndSummary() {
    Scenario scenario(planeGeometry());
    const QString target = scenario.folder() + "/export";
    ResultExporter().exportAll(scenario.request(target));
    const QStringList lines = readText(target + "/boxes.csv").trimmed().split('\n');
    QVERIFY(lines.contains(
        "id,x,y,z,width,height,depth,score,max_score,mean_variance,area_px,review,volume_ml,"
        "extent_rl_mm,extent_ap_mm,extent_si_mm,regions"));
    const auto review = [&](int fromEnd) {
      return lines[lines.size() - fromEnd].split(',').at(11);
    };
    QVERIFY(lines.last().startsWith("3,4,20,0,5,4,1,") && review(1) == "added");
    QCOMPARE(review(2), QString("rejected"));
    QVERIFY(lines[lines.size() - 3].startsWith("1,7,5,") && review(3) == "accepted");
    QVERIFY(readText(target + "/boxes.csv")
                .contains("UTC: 1 accepted, 1 rejected, 1 added, 0 pending"));
  }

  void reviewedMaskLabelsTheKeptBoxesOnly() {
    Scenario scenario(volumeGeometry());
    const QString target = scenario.folder() + "/export";
    ResultExporter().exportAll(scenario.request(target));
    const Image labels = ImageReader().read(Scenario::path(target + "/reviewed_boxes_mask.nii.gz"));
    QCOMPARE(labels.storedAs(), SampleType::UInt8);
    verifyNear(labels.geometry(), scenario.input->geometry());
    QCOMPARE(labels.at(7, 5, 2), 1.0f);    // moved box: its new corner
    QCOMPARE(labels.at(14, 10, 4), 1.0f);  // ... and its far corner
    QCOMPARE(labels.at(5, 5, 2), 0.0f);    // where it was before the move
    QCOMPARE(labels.at(22, 22, 4), 0.0f);  // inside the rejected box
    QCOMPARE(labels.at(6, 21, 5), 3.0f);   // the drawn box
    QCOMPARE(labels.at(6, 21, 3), 0.0f);   // ... not above its depth
  }

  void niftiOutputsSitOnTheInputGrid() {
    Scenario scenario(volumeGeometry());
    const QString target = scenario.folder() + "/export";
    ResultExporter().exportAll(scenario.request(target));
    for (const char* name : {"pseudo_healthy.nii.gz", "anomaly_map.nii.gz", "variance_map.nii.gz",
                             "anomaly_mask.nii.gz"}) {
      const Image map = ImageReader().read(Scenario::path(target + "/" + name));
      verifyNear(map.geometry(), scenario.input->geometry());
    }
    const Image anomaly = ImageReader().read(Scenario::path(target + "/anomaly_map.nii.gz"));
    QVERIFY(std::equal(anomaly.voxels().begin(), anomaly.voxels().end(),
                       scenario.result.anomalyMap->voxels().begin()));
    const Image mask = ImageReader().read(Scenario::path(target + "/anomaly_mask.nii.gz"));
    QCOMPARE(mask.storedAs(), SampleType::UInt8);
    QCOMPARE(mask.at(5, 6, 3), 1.0f);
  }

  void volumeFiguresAreNamedByFindingAndCentreSlice() {
    Scenario scenario(volumeGeometry());
    const QString target = scenario.folder() + "/export";
    const auto report = ResultExporter().exportAll(scenario.request(target));
    // The figure slice is z + depth / 2: finding 1 spans z 2..4 (slice 3), the drawn one z 4..5
    // (slice 5, as OverlayFigure::findingSlices picks it).
    QVERIFY2(report.files.contains("finding_1_z3.png"), qPrintable(report.files.join(' ')));
    QVERIFY(report.files.contains("finding_3_z5.png"));
    QCOMPARE(report.files.filter(".png").size(), 2);
  }

  void reportsCarryTheReviewTheFiguresAndTheProvenance() {
    Scenario scenario(planeGeometry());
    const QString target = scenario.folder() + "/export";
    ResultExporter().exportAll(scenario.request(target));
    const QString html = readText(target + "/report.html");
    for (const char* expected :
         {"<th>review</th>", ">rejected</td>", ">added</td>", ">accepted</td>", "Research use only",
          "Reviewed by a reader", "src=\"finding_1_z0.png\"", "aaaaaaaa",
          ">seed</th><td class=\"name\">17<", ">noise-level</th>", ">steps</th>", ">ensemble</th>",
          ">guidance-scale</th>", ">threads</th>", "ddim-cg", "1.2.3"}) {
      QVERIFY2(html.contains(expected), expected);
    }
    QFile pdf(target + "/report.pdf");
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
  }

  void refusesTheResultFolderAndWritesNothing() {
    Scenario scenario(planeGeometry());
    const auto before = entries(scenario.result.folder);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             ResultExporter().exportAll(scenario.request(scenario.result.folder)));
    // Another spelling of the same folder is refused too.
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument,
        ResultExporter().exportAll(scenario.request(scenario.result.folder + "/../result/")));
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument,
        ResultExporter().exportAll(scenario.request(scenario.result.folder + "/export")));
    QCOMPARE(entries(scenario.result.folder), before);
    QVERIFY(!QFileInfo::exists(scenario.result.folder + "/export"));
  }

  void refusesTheInputsFolderAndWritesNothing() {
    Scenario scenario(planeGeometry());
    const QString inputFolder = QFileInfo(scenario.inputPath).absolutePath();
    try {
      ResultExporter().exportAll(scenario.request(inputFolder));
      QFAIL("export into the input's folder was accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("scan.nii.gz"), error.what());
    }
    QCOMPARE(entries(inputFolder), std::set<QString>{"scan.nii.gz"});
  }

  void boxOutsideTheImageIsRefusedBeforeAnyWrite() {
    Scenario scenario(planeGeometry());
    auto request = scenario.request(scenario.folder() + "/export");
    request.findings.boxes[2].x = 62;  // 5 wide: leaves the 64-wide image
    try {
      ResultExporter().exportAll(request);
      QFAIL("a box outside the image was exported");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("finding 3"), error.what());
    }
    QVERIFY(!QFileInfo::exists(scenario.folder() + "/export"));
  }

  void reExportReplacesFilesAndDropsStaleFigures() {
    Scenario scenario(planeGeometry());
    const QString target = scenario.folder() + "/export";
    ResultExporter().exportAll(scenario.request(target));
    auto request = scenario.request(target);
    request.findings.boxes[0].review = std::string(kReviewRejected);
    const auto report = ResultExporter().exportAll(request);
    QCOMPARE(report.removedFiles, QStringList{"finding_1_z0.png"});
    QStringList expected = {"finding_3_z0.png"};
    expected += kFixedOutputs;
    QCOMPARE(entries(target), std::set<QString>(expected.begin(), expected.end()));
    const auto read = BoxesJsonFile().read(Scenario::path(target + "/boxes.json"));
    QCOMPARE(read.boxes[0].review, std::string("rejected"));
    const Image labels = ImageReader().read(Scenario::path(target + "/reviewed_boxes_mask.nii.gz"));
    QCOMPARE(labels.at(8, 6, 0), 0.0f);
  }

  void withoutKeptFindingsAnOverviewFigureIsWritten() {
    Scenario scenario(planeGeometry());
    auto request = scenario.request(scenario.folder() + "/export");
    for (auto& b : request.findings.boxes) b.review = std::string(kReviewRejected);
    const auto report = ResultExporter().exportAll(request);
    QCOMPARE(report.files.filter(".png"), QStringList{"overview_z0.png"});
  }

  void writePngIsAtomicAndReadable() {
    test::TestFolder folder;
    const QString path = QString::fromStdString((folder / "view.png").string());
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(Qt::red);
    ResultExporter::writePng(image, path);
    image.fill(Qt::blue);
    ResultExporter::writePng(image, path);  // replaces the first
    const QImage read(path);
    QCOMPARE(read.size(), QSize(40, 30));
    QCOMPARE(read.pixelColor(3, 3), QColor(Qt::blue));
    QCOMPARE(entries(QString::fromStdString(folder.path().string())),
             std::set<QString>{"view.png"});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, ResultExporter::writePng(QImage(), path));
    QVERIFY_THROWS_EXCEPTION(
        IoError, ResultExporter::writePng(
                     image, QString::fromStdString((folder / "missing" / "v.png").string())));
  }
};

QTEST_MAIN(ResultExporterTest)
#include "ResultExporterTest.moc"
