// ViewLinker and ComparisonView: a change in one view reaches the others exactly once (no
// feedback loops), the cursor crosses orientations, window/level only when linked; the comparison
// shows its three captions and keeps result views on the input's slice.

#include "image/Image.h"
#include "views/ComparisonView.h"
#include "views/HeatMapLayer.h"
#include "views/SliceView.h"
#include "views/ViewLinker.h"

#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include <memory>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::SliceOrientation;
using anomadiff::gui::ComparisonView;
using anomadiff::gui::HeatMapLayer;
using anomadiff::gui::SliceView;
using anomadiff::gui::ViewLinker;
using Voxel = std::array<int, 3>;

namespace {

std::shared_ptr<const Image> ramp(std::size_t size, float scale = 1.0F) {
  ImageGeometry geometry;
  geometry.size = {size, size, size};
  Image image = Image::filled(geometry, 0.0F);
  float* voxel = image.voxels().data();
  for (std::size_t i = 0; i < image.voxelCount(); ++i) {
    voxel[i] = scale * static_cast<float>(i % 97);
  }
  return std::make_shared<const Image>(std::move(image));
}

struct LinkedViews {
  LinkedViews() {
    for (auto& view : views) {
      view.resize(200, 200);
      view.setImage(ramp(10));
      linker.addView(&view);
    }
  }
  std::array<SliceView, 3> views;
  ViewLinker linker;
};

}  // namespace

class ViewLinkerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sliceZoomAndCursorReachTheOthersOnce() {
    LinkedViews linked;
    auto& [a, b, c] = linked.views;
    QSignalSpy sliceA(&a, &SliceView::sliceChanged);
    QSignalSpy sliceB(&b, &SliceView::sliceChanged);
    QSignalSpy sliceC(&c, &SliceView::sliceChanged);
    a.setSliceIndex(7);
    QCOMPARE(b.sliceIndex(), 7);
    QCOMPARE(c.sliceIndex(), 7);
    QCOMPARE(sliceA.count(), 1);
    QCOMPARE(sliceB.count(), 1);
    QCOMPARE(sliceC.count(), 1);

    QSignalSpy transformA(&a, &SliceView::viewTransformChanged);
    QSignalSpy transformC(&c, &SliceView::viewTransformChanged);
    b.zoomAbout(QPointF(40, 60), 2.0);
    QCOMPARE(a.zoom(), 2.0);
    QCOMPARE(c.pan(), b.pan());
    QCOMPARE(transformA.count(), 1);
    QCOMPARE(transformC.count(), 1);

    QSignalSpy cursorA(&a, &SliceView::cursorMoved);
    QSignalSpy cursorB(&b, &SliceView::cursorMoved);
    QSignalSpy cursorC(&c, &SliceView::cursorMoved);
    const QPointF click = c.widgetPosition({3, 4, 7});
    QMouseEvent press(QEvent::MouseButtonPress, click, c.mapToGlobal(click), Qt::LeftButton,
                      Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&c, &press);
    QCOMPARE(c.cursorVoxel(), (Voxel{3, 4, 7}));
    QCOMPARE(a.cursorVoxel(), (Voxel{3, 4, 7}));
    QCOMPARE(b.cursorVoxel(), (Voxel{3, 4, 7}));
    QCOMPARE(cursorA.count(), 1);
    QCOMPARE(cursorB.count(), 1);
    QCOMPARE(cursorC.count(), 1);
  }

  void orientationLinksAndTheCursorCrossesPlanes() {
    LinkedViews linked;
    auto& [a, b, c] = linked.views;
    a.setOrientation(SliceOrientation::Coronal);
    QCOMPARE(b.orientation(), SliceOrientation::Coronal);
    QCOMPARE(c.orientation(), SliceOrientation::Coronal);

    // Without the orientation link, views may show different planes: the cursor then moves the
    // other plane to the cursor's slice, and slice scrolling stays within a plane.
    linked.linker.setLinks(linked.linker.links() &
                           ~ViewLinker::Links(ViewLinker::Link::Orientation));
    b.setOrientation(SliceOrientation::Sagittal);
    QCOMPARE(a.orientation(), SliceOrientation::Coronal);
    a.setCursorVoxel({2, 6, 8});
    QCOMPARE(b.sliceIndex(), 2);  // sagittal slices run along x
    QCOMPARE(c.sliceIndex(), a.sliceIndex());
    const int sagittalSlice = b.sliceIndex();
    a.setSliceIndex(1);
    QCOMPARE(c.sliceIndex(), 1);
    QCOMPARE(b.sliceIndex(), sagittalSlice);
  }

  void windowLevelOnlyWhenLinked() {
    LinkedViews linked;
    auto& [a, b, c] = linked.views;
    const double window = b.window();
    a.setWindowLevel(3.0, 4.0);
    QCOMPARE(b.window(), window);
    linked.linker.setLinks(linked.linker.links() | ViewLinker::Link::WindowLevel);
    QSignalSpy spy(&c, &SliceView::windowLevelChanged);
    a.setWindowLevel(5.0, 6.0);
    QCOMPARE(b.window(), 5.0);
    QCOMPARE(c.level(), 6.0);
    QCOMPARE(spy.count(), 1);
  }

  void syncFromAlignsANewViewAndDestroyedViewsLeave() {
    LinkedViews linked;
    linked.views[0].setSliceIndex(2);
    auto extra = std::make_unique<SliceView>();
    extra->setImage(ramp(10));
    linked.linker.addView(extra.get());
    QCOMPARE(extra->sliceIndex(), 5);  // joining changes nothing
    linked.linker.syncFrom(&linked.views[0]);
    QCOMPARE(extra->sliceIndex(), 2);
    extra.reset();
    QCOMPARE(linked.linker.views().size(), std::size_t{3});
    linked.views[1].setSliceIndex(4);
    QCOMPARE(linked.views[0].sliceIndex(), 4);
  }

  void comparisonShowsThreeCaptionedLinkedViews() {
    ComparisonView comparison;
    comparison.resize(900, 400);
    const QList<QLabel*> labels = comparison.findChildren<QLabel*>();
    QStringList captions;
    for (const QLabel* label : labels) {
      captions << label->text();
    }
    captions.sort();
    QCOMPARE(captions, (QStringList{QStringLiteral("Input"), QStringLiteral("Input + anomaly map"),
                                    QStringLiteral("Pseudo-healthy reconstruction")}));
    const auto& layers = comparison.overlayView()->layers();
    QVERIFY(std::find(layers.begin(), layers.end(), comparison.heatMapLayer()) != layers.end());

    comparison.setInput(ramp(10));
    QCOMPARE(comparison.sliceSlider()->maximum(), 9);
    comparison.sliceSlider()->setValue(3);
    QCOMPARE(comparison.inputView()->sliceIndex(), 3);
    QCOMPARE(comparison.overlayView()->sliceIndex(), 3);

    // A result arriving later lands on the slice the user is looking at and shares the window.
    comparison.setReconstruction(ramp(10, 0.5F));
    QCOMPARE(comparison.reconstructionView()->sliceIndex(), 3);
    QCOMPARE(comparison.inputView()->sliceIndex(), 3);
    QCOMPARE(comparison.reconstructionView()->window(), comparison.inputView()->window());
    comparison.reconstructionView()->setSliceIndex(6);
    QCOMPARE(comparison.sliceSlider()->value(), 6);

    const auto anomaly = ramp(10, 2.0F);
    const auto variance = ramp(10, 3.0F);
    comparison.setAnomalyMap(anomaly);
    comparison.setVarianceMap(variance);
    QCOMPARE(comparison.heatMapLayer()->map(), anomaly.get());
    comparison.setOverlayKind(ComparisonView::OverlayKind::Variance);
    QCOMPARE(comparison.heatMapLayer()->map(), variance.get());
    QCOMPARE(comparison.heatMapLayer()->title(), QStringLiteral("Variance"));
    QVERIFY(comparison.findChild<QLabel*>() != nullptr);

    comparison.clearResult();
    QVERIFY(!comparison.reconstructionView()->hasImage());
    QCOMPARE(comparison.heatMapLayer()->map(), nullptr);
    QVERIFY(comparison.inputView()->hasImage());
  }
};

QTEST_MAIN(ViewLinkerTest)
#include "ViewLinkerTest.moc"
