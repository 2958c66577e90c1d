// The overlay strip drives the comparison view's heat map (map kind, colormap, opacity, display
// threshold) and follows it when a new result arrives; the run's threshold comes back after the
// variance map was shown.
#include "views/Colormap.h"
#include "views/ComparisonView.h"
#include "views/HeatMapLayer.h"
#include "views/OverlayControls.h"

#include <QComboBox>
#include <QSlider>
#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

std::shared_ptr<const Image> ramp(float scale) {
  ImageGeometry geometry;
  geometry.size = {16, 16, 1};
  Image image = Image::filled(geometry, 0.0F);
  for (std::size_t y = 0; y < 16; ++y) {
    for (std::size_t x = 0; x < 16; ++x) image.at(x, y, 0) = scale * static_cast<float>(x);
  }
  return std::make_shared<const Image>(std::move(image));
}

}  // namespace

class OverlayControlsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void controlsDriveTheHeatMapAndKeepTheRunsThreshold() {
    ComparisonView comparison;
    OverlayControls controls(&comparison);
    comparison.setInput(ramp(1.0F));
    comparison.setAnomalyMap(ramp(0.1F));     // 0 … 1.5
    comparison.setVarianceMap(ramp(0.001F));  // 0 … 0.015
    comparison.setAnomalyThreshold(0.75);
    HeatMapLayer* layer = comparison.heatMapLayer();
    QCOMPARE(layer->threshold(), 0.75);
    // The slider shows where 0.75 lies in [0, 1.5].
    QCOMPARE(controls.thresholdSlider()->value(), 500);

    controls.thresholdSlider()->setValue(1000);
    QCOMPARE(layer->threshold(), layer->high());
    controls.opacitySlider()->setValue(25);
    QCOMPARE(layer->opacity(), 0.25);
    controls.colormapBox()->setCurrentIndex(1);
    QCOMPARE(layer->colormap().name(), Colormap(Colormap::Kind::Hot).name());

    controls.toggleKind();
    QCOMPARE(comparison.overlayKind(), ComparisonView::OverlayKind::Variance);
    QVERIFY(layer->high() < 0.1);
    controls.toggleKind();
    QCOMPARE(comparison.overlayKind(), ComparisonView::OverlayKind::Anomaly);
    QCOMPARE(layer->threshold(), 0.75);  // the run's threshold, not a default
    QCOMPARE(controls.thresholdSlider()->value(), 500);
  }
};

QTEST_MAIN(OverlayControlsTest)
#include "OverlayControlsTest.moc"
