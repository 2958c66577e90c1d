// Baseline images (issue 16): the comparison view, the 3D view, the overlay figure and the PDF
// report's first page (rasterized by poppler's pdftoppm) are drawn from fixed synthetic inputs and
// compared with stored frames in tests/baselines, so a change that moves a box, drops the heat map
// or flips an orientation fails here even when colour counts stay plausible. Update on purpose:
// ANOMADIFF_UPDATE_BASELINES=1, then look at the PNGs.
#include "BaselineImage.h"
#include "render/VtkOpenGLWidget.h"
#include "report/OverlayFigure.h"
#include "report/PdfReport.h"
#include "views/ComparisonView.h"
#include "views/VolumeView.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

constexpr std::size_t kSide = 64;

/// A brain-like disc (a bright rim, darker core), a dark "lesion" at (40, 24), slices shifted in
/// z so the volume is not symmetric; `reconstructed`: the lesion filled in.
Image phantom(std::size_t depth, bool reconstructed) {
  ImageGeometry geometry;
  geometry.size = {kSide, kSide, depth};
  Image image = Image::filled(geometry, 0.0F);
  for (std::size_t z = 0; z < depth; ++z) {
    for (std::size_t y = 0; y < kSide; ++y) {
      for (std::size_t x = 0; x < kSide; ++x) {
        const double dx = double(x) - 32.0, dy = double(y) - 32.0 - 0.5 * double(z);
        const double r = std::sqrt(dx * dx + dy * dy);
        if (r > 26.0) continue;
        float value = r > 20.0 ? 900.0F : 600.0F;
        const double lx = double(x) - 40.0, ly = double(y) - 24.0;
        if (!reconstructed && lx * lx + ly * ly < 25.0) value = 200.0F;
        image.at(x, y, z) = value;
      }
    }
  }
  return image;
}

/// The finding over the phantom's lesion.
BoundingBox lesionBox() {
  BoundingBox box;
  box.id = 1;
  box.x = 35;
  box.y = 19;
  box.width = 11;
  box.height = 11;
  box.depth = 1;
  box.score = 1.5;
  box.maxScore = 2.0;
  box.areaPx = 80;
  return box;
}

/// Fixed provenance, so the figure's and the report's text never changes between runs.
Provenance fixedProvenance() {
  Provenance provenance;
  provenance.appVersion = "baseline";
  provenance.method = "ddpm";
  provenance.modelName = "phantom-model";
  provenance.modelHash = "0123456789abcdef";
  provenance.parameters = {{"noise-level", 150.0}, {"ensemble", 4.0}, {"seed", 0.0}};
  provenance.input = "phantom.nii.gz";
  provenance.createdUtc = "2026-01-01T00:00:00Z";
  return provenance;
}

Image difference(const Image& a, const Image& b) {
  Image out = Image::filled(a.geometry(), 0.0F);
  for (std::size_t i = 0; i < a.voxelCount(); ++i)
    out.voxels()[i] = std::abs(a.voxels()[i] - b.voxels()[i]) / 400.0F;
  return out;
}

std::string overlayPng(const Provenance& provenance) {
  const Image input = phantom(1, false), healthy = phantom(1, true);
  const Image anomaly = difference(input, healthy);
  Image brain = Image::filled(input.geometry(), 0.0F);
  for (std::size_t i = 0; i < input.voxelCount(); ++i)
    brain.voxels()[i] = input.voxels()[i] > 0.0F ? 1.0F : 0.0F;
  return OverlayFigure(provenance).png({input, healthy, anomaly, brain, {lesionBox()}, 0.5, 0});
}

}  // namespace

class BaselineImageTest : public QObject {
  Q_OBJECT

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void comparisonViewMatchesItsBaseline() {
    const auto input = std::make_shared<const Image>(phantom(1, false));
    const auto healthy = std::make_shared<const Image>(phantom(1, true));
    ComparisonView view;
    view.resize(900, 360);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setInput(input);
    view.setReconstruction(healthy);
    view.setAnomalyMap(std::make_shared<const Image>(difference(*input, *healthy)));
    view.setAnomalyThreshold(0.5);
    QTest::qWait(50);
    const QString problem = test::compareWithBaseline(view.grab().toImage(), "comparison_view");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void volumeViewMatchesItsBaseline() {
    VolumeView view;
    view.resize(300, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(phantom(24, false));
    const QString problem = test::compareWithBaseline(view.grabFrame(), "volume_view");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void overlayFigureMatchesItsBaseline() {
    Provenance provenance;
    provenance.appVersion = "baseline";
    provenance.method = "ddpm";
    const std::string png = overlayPng(provenance);
    QImage figure;
    QVERIFY(figure.loadFromData(reinterpret_cast<const uchar*>(png.data()),
                                static_cast<qsizetype>(png.size()), "PNG"));
    const QString problem = test::compareWithBaseline(figure, "overlay_figure");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  /// The PDF as a reader sees it: poppler (not Qt) rasterizes the written file's first page.
  void reportFirstPageMatchesItsBaseline() {
    const QString rasterizer = QStandardPaths::findExecutable("pdftoppm");
    if (rasterizer.isEmpty()) QSKIP("pdftoppm (poppler-utils, tools/setup-deps) is not installed");
    FindingsDocument findings;
    findings.boxes = {lesionBox()};
    findings.threshold = 0.5;
    findings.thresholdSource = "calibrated-5%-fpr";
    findings.provenance = fixedProvenance();
    QTemporaryDir folder;
    const QString pdf = folder.filePath("report.pdf");
    PdfReport().write(findings, {{"overlay.png", overlayPng(findings.provenance)}},
                      pdf.toStdString());
    QProcess process;
    process.start(rasterizer, {"-r", "40", "-f", "1", "-l", "1", "-singlefile", "-png", pdf,
                               folder.filePath("page")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QImage page(folder.filePath("page.png"));
    QVERIFY2(!page.isNull(), "pdftoppm wrote no page image");
    const QString problem = test::compareWithBaseline(page, "report_first_page");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }
};

QTEST_MAIN(BaselineImageTest)
#include "BaselineImageTest.moc"
