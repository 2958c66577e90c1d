// The human-readable exports: the overlay figure (decoded back and probed where the layout says
// the box must be), the HTML report (escaping, notice, provenance) and the CSV boxes.
#include "TestFolder.h"
#include "common/Error.h"
#include "report/BoxesCsvFile.h"
#include "report/HtmlReport.h"
#include "report/OverlayFigure.h"
#include "report/PdfReport.h"

#include <QImage>
#include <QtTest>

using namespace anomadiff;

namespace {

constexpr std::size_t kWidth = 40, kHeight = 30;

Image plane(float value) {
  ImageGeometry geometry;
  geometry.size = {kWidth, kHeight, 1};
  return Image::filled(geometry, value);
}

BoundingBox boxAt(int id, std::size_t x, std::size_t y, std::size_t z, std::size_t depth) {
  BoundingBox box;
  box.id = id;
  box.x = x;
  box.y = y;
  box.z = z;
  box.width = 8;
  box.height = 6;
  box.depth = depth;
  box.score = 0.5 / id;
  box.areaPx = 20;
  return box;
}

FindingsDocument findings(const std::vector<BoundingBox>& boxes) {
  FindingsDocument document;
  document.boxes = boxes;
  document.threshold = 0.125;
  document.thresholdSource = "calibrated-5%-fpr";
  document.provenance.appVersion = "9.8.7";
  document.provenance.method = "ddpm";
  document.provenance.modelName = "colin27";
  document.provenance.modelHash = std::string(64, 'f');
  document.provenance.parameters = {{"noise-level", 100}, {"seed", 42}, {"ensemble", 8}};
  document.provenance.threads = 2;
  document.provenance.input = "scan<b>&1.nii.gz";
  return document;
}

}  // namespace

class ReportExportTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void overlayPutsTheBoxWhereTheLayoutSays() {
    Image input = plane(10.0f), anomaly = plane(0.0f);
    const Image brain = plane(1.0f), healthy = plane(10.0f);
    for (std::size_t y = 5; y < 11; ++y) {
      for (std::size_t x = 10; x < 18; ++x) {
        input.at(x, y) = 50.0f;
        anomaly.at(x, y) = 0.4f;
      }
    }
    const std::vector<BoundingBox> boxes = {boxAt(1, 10, 5, 0, 1)};
    const OverlayFigure figure(findings(boxes).provenance);
    const std::string png = figure.png({input, healthy, anomaly, brain, boxes, 0.125, 0});
    QImage decoded;
    QVERIFY(decoded.loadFromData(reinterpret_cast<const uchar*>(png.data()),
                                 static_cast<qsizetype>(png.size()), "PNG"));
    // 40 px wide → zoom 7 (≥ 256 px panels); four panels, a 96 px colour bar, two captions.
    const int zoom = 7, panel = 40 * zoom, caption = 26;
    QCOMPARE(decoded.width(), 4 * panel + 96);
    QCOMPARE(decoded.height(), 30 * zoom + 2 * caption);
    // A 2D image with identity directions shows x to the right and y downwards: the box's left
    // edge is at x = 10 in the fourth panel, its rows 5..10 below the caption.
    const QColor edge = decoded.pixelColor(3 * panel + 96 + 10 * zoom, caption + 8 * zoom);
    QCOMPARE(edge, QColor(255, 230, 0));
    // The heat panel is coloured inside the lesion and plain grey far from it.
    const QColor hot = decoded.pixelColor(2 * panel + 14 * zoom, caption + 8 * zoom);
    const QColor cold = decoded.pixelColor(2 * panel + 35 * zoom, caption + 25 * zoom);
    QVERIFY(hot.red() != hot.blue() || hot.green() != hot.blue());
    QVERIFY(cold.red() == cold.green() && cold.green() == cold.blue());
  }

  void overlayRefusesMapsOfAnotherGrid() {
    const Image input = plane(1.0f), brain = plane(1.0f);
    ImageGeometry other;
    other.size = {kWidth + 1, kHeight, 1};
    const Image wrong = Image::filled(other, 0.0f);
    const std::vector<BoundingBox> none;
    const OverlayFigure figure(findings(none).provenance);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             figure.png({input, input, wrong, brain, none, 0.1, 0}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             figure.png({input, input, input, brain, none, 0.1, 1}));
  }

  void findingSlicesFollowTheBoxesThenThePeak() {
    ImageGeometry geometry;
    geometry.size = {8, 8, 12};
    Image anomaly = Image::filled(geometry, 0.0f);
    anomaly.at(3, 3, 7) = 1.0f;
    QCOMPARE(OverlayFigure::findingSlices(anomaly, {}, 8), (std::vector<std::size_t>{7}));
    const std::vector<BoundingBox> boxes = {boxAt(1, 0, 0, 2, 4), boxAt(2, 0, 0, 3, 2),
                                            boxAt(3, 0, 0, 9, 1)};
    // Centres 4, 4 (same slice, one figure) and 9.
    QCOMPARE(OverlayFigure::findingSlices(anomaly, boxes, 8), (std::vector<std::size_t>{4, 9}));
    QCOMPARE(OverlayFigure::findingSlices(anomaly, boxes, 1), (std::vector<std::size_t>{4}));
  }

  void htmlReportEscapesAndCarriesProvenance() {
    const auto document = findings({boxAt(1, 10, 5, 0, 1), boxAt(2, 1, 2, 0, 1)});
    const std::string html = HtmlReport().html(document, {"overlay.png"});
    QVERIFY(html.find("Research use only") != std::string::npos);
    QVERIFY(html.find("scan&lt;b&gt;&amp;1.nii.gz") != std::string::npos);
    QVERIFY(html.find("scan<b>") == std::string::npos);
    QVERIFY(html.find(std::string(64, 'f')) != std::string::npos);
    QVERIFY(html.find("<img src=\"overlay.png\"") != std::string::npos);
    QVERIFY(html.find("AnomaDiff 9.8.7") != std::string::npos);
    QVERIFY(html.find(">seed</th><td class=\"name\">42<") != std::string::npos);
    QCOMPARE(QString::fromStdString(html).count("<tr><td>"), 2);  // one row per box
  }

  void htmlBodyIsSharedWithSizedImages() {
    const auto document = findings({boxAt(1, 10, 5, 0, 1)});
    const std::string body = HtmlReport::body(document, {{"figure:0", 600}});
    QVERIFY(body.find("<img src=\"figure:0\" alt=\"figure:0\" width=\"600\">") !=
            std::string::npos);
    QVERIFY(body.find("Research use only") != std::string::npos);
    QVERIFY(body.find("<html") == std::string::npos);
    QVERIFY(HtmlReport().html(document, {"overlay.png"}).find(body.substr(0, 200)) !=
            std::string::npos);
  }

  void pdfNeedsAGuiApplicationWhenAnApplicationRuns() {
    // This test's main() made a QCoreApplication; Qt allows no second, GUI one beside it.
    QVERIFY_THROWS_EXCEPTION(Error, PdfReport().pdf(findings({}), {}));
  }

  void csvHasProvenanceCommentsAndOneRowPerBox() {
    const auto document = findings({boxAt(1, 10, 5, 0, 1), boxAt(2, 1, 2, 3, 2)});
    test::TestFolder folder;
    BoxesCsvFile().write(document, folder / "boxes.csv");
    QFile file(QString::fromStdString((folder / "boxes.csv").string()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString(file.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 3 + 1 + 2);
    QVERIFY(lines[0].startsWith("# AnomaDiff 9.8.7") &&
            lines[0].contains(std::string(64, 'f').c_str()));
    QVERIFY(lines[1].contains("seed=42") && lines[1].contains("noise-level=100"));
    QCOMPARE(
        lines[3],
        QString(
            "id,x,y,z,width,height,depth,score,max_score,mean_variance,area_px,review,volume_ml,"
            "extent_rl_mm,extent_ap_mm,extent_si_mm,regions"));
    QCOMPARE(lines[4].split(',').at(10), QString("20"));
    QCOMPARE(lines[4].split(',').at(11), QString());  // not reviewed: empty review field
    QCOMPARE(lines[4].split(',').size(), 17);
    QVERIFY(lines[5].startsWith("2,1,2,3,8,6,2,0.25,"));
  }

  void csvCarriesTheReviewState() {
    auto first = boxAt(1, 10, 5, 0, 1);
    first.review = "accepted";
    const std::string csv = BoxesCsvFile().csv(findings({first}));
    QVERIFY2(QString::fromStdString(csv).trimmed().split('\n').last().contains(",20,accepted,"),
             csv.c_str());
  }

  /// Volume, physical extent and atlas regions: a name holding a comma stays one field.
  void csvAndHtmlSayWhereAndHowBigAFindingIs() {
    auto box = boxAt(1, 10, 5, 2, 4);
    box.volumeMl = 1.5;
    box.regions = {{"AAL", "Precentral_L", 0.62},
                   {"Harvard-Oxford cortical", "Inferior Frontal Gyrus, pars opercularis", 0.3}};
    auto document = findings({box});
    document.grid.size = {64, 64, 16};
    document.grid.spacing = {2.0, 1.0, 3.0};
    const QString csv = QString::fromStdString(BoxesCsvFile().csv(document));
    QVERIFY2(csv.contains(",1.5,16,6,12,\"AAL: Precentral_L 62 %; Harvard-Oxford cortical: "
                          "Inferior Frontal Gyrus, pars opercularis 30 %\"\n"),
             qPrintable(csv));
    const std::string html = HtmlReport().html(document, {});
    QVERIFY(html.find("1.50 mL, 16 × 6 × 12 mm") != std::string::npos);
    QVERIFY(html.find("AAL: Precentral_L 62 %") != std::string::npos);
  }

  void htmlShowsReviewOnlyOnceSomethingIsReviewed() {
    auto first = boxAt(1, 10, 5, 0, 1);
    const auto second = boxAt(2, 1, 2, 0, 1);
    QVERIFY(HtmlReport().html(findings({first, second}), {}).find("<th>review</th>") ==
            std::string::npos);
    first.review = "rejected";
    const std::string html = HtmlReport().html(findings({first, second}), {});
    QVERIFY(html.find("<th>review</th>") != std::string::npos);
    QVERIFY(html.find(">rejected</td></tr>") != std::string::npos);
    QVERIFY(html.find(">pending</td></tr>") != std::string::npos);
  }

  void csvAndHtmlSayWhenAndHowTheFindingsWereReviewed() {
    auto accepted = boxAt(1, 10, 5, 0, 1);
    accepted.review = "accepted";
    auto document = findings({accepted, boxAt(2, 1, 2, 0, 1)});
    QVERIFY(BoxesCsvFile().csv(document).find("# reviewed") == std::string::npos);
    document.reviewedUtc = "2024-05-06T07:08:09Z";
    const std::string csv = BoxesCsvFile().csv(document);
    QVERIFY2(csv.find("# reviewed 2024-05-06T07:08:09Z UTC: 1 accepted, 0 rejected, 0 added, "
                      "1 pending\n") != std::string::npos,
             csv.c_str());
    const std::string html = HtmlReport().html(document, {});
    QVERIFY(html.find("Reviewed by a reader (2024-05-06T07:08:09Z UTC): 1 accepted") !=
            std::string::npos);
    QVERIFY(html.find(">reviewed (UTC)</th>") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(ReportExportTest)
#include "ReportExportTest.moc"
