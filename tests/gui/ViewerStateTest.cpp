// ViewerState: one cursor that every SliceView observes. Orthogonal views cross at it, views of
// one orientation share slice and zoom, window/level stays per view unless shared, a value set
// again emits nothing, and views (or the state) may be destroyed in any order. The comparison
// view's three columns observe one state.

#include "image/Image.h"
#include "views/ComparisonView.h"
#include "views/HeatMapLayer.h"
#include "views/SliceView.h"
#include "views/ViewerState.h"

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
using anomadiff::gui::ViewerState;
using Voxel = std::array<int, 3>;
using Orientations = std::array<SliceOrientation, 3>;

Q_DECLARE_METATYPE(anomadiff::SliceOrientation)

namespace {

constexpr Orientations kThreePlanes{SliceOrientation::Axial, SliceOrientation::Coronal,
                                    SliceOrientation::Sagittal};
constexpr Orientations kTwoAxialOneCoronal{SliceOrientation::Axial, SliceOrientation::Axial,
                                           SliceOrientation::Coronal};
constexpr Orientations kAllAxial{SliceOrientation::Axial, SliceOrientation::Axial,
                                 SliceOrientation::Axial};

// A different size per axis, so that a view reading the wrong axis shows the wrong slice.
std::shared_ptr<const Image> ramp(float scale = 1.0F,
                                  std::array<std::size_t, 3> size = {8, 9, 10}) {
  ImageGeometry geometry;
  geometry.size = size;
  Image image = Image::filled(geometry, 0.0F);
  float* voxel = image.voxels().data();
  for (std::size_t i = 0; i < image.voxelCount(); ++i) {
    voxel[i] = scale * static_cast<float>(i % 97);
  }
  return std::make_shared<const Image>(std::move(image));
}

void click(SliceView& view, const Voxel& voxel) {
  const QPointF at = view.widgetPosition({double(voxel[0]), double(voxel[1]), double(voxel[2])});
  for (const QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
    QMouseEvent event(type, at, view.mapToGlobal(at), Qt::LeftButton,
                      type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &event);
  }
}

// Three views of one image observing one state. The state is declared first, so it outlives the
// views, as in the layouts that own both.
struct SharedViews {
  explicit SharedViews(Orientations orientations = kThreePlanes,
                       ViewerState::Shared shared = ViewerState::Shared())
      : state(shared) {
    for (std::size_t i = 0; i < views.size(); ++i) {
      views[i].resize(200, 200);
      views[i].setViewerState(&state);
      views[i].setOrientation(orientations[i]);
      views[i].setImage(ramp());
    }
  }
  ViewerState state;
  std::array<SliceView, 3> views;
};

int normalOf(const SliceView& view) {
  return view.sliceAxes().normal;
}

}  // namespace

class ViewerStateTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void oneCursorIsSeenByAllViewsAndOrthogonalViewsCrossAtIt() {
    SharedViews shared;
    auto& [axial, coronal, sagittal] = shared.views;
    QCOMPARE(normalOf(axial), 2);
    QCOMPARE(normalOf(coronal), 1);
    QCOMPARE(normalOf(sagittal), 0);
    QCOMPARE(shared.state.cursor(), (Voxel{4, 4, 5}));  // the new grid's centre

    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (SliceView& view : shared.views) {
      spies.push_back(std::make_unique<QSignalSpy>(&view, &SliceView::cursorMoved));
    }
    const Voxel target{sagittal.sliceIndex(), 2, 7};
    click(sagittal, target);
    QCOMPARE(shared.state.cursor(), target);
    for (std::size_t i = 0; i < 3; ++i) {
      const SliceView& view = shared.views[i];
      QCOMPARE(view.cursorVoxel(), target);
      QCOMPARE(spies[i]->count(), 1);
      // The view's slice goes through the cursor: its crosshair marks that very voxel.
      QCOMPARE(view.sliceIndex(), target[static_cast<std::size_t>(normalOf(view))]);
      const QPointF crossing =
          view.widgetPosition({double(target[0]), double(target[1]), double(target[2])});
      QCOMPARE(view.voxelAt(crossing), std::optional<Voxel>(target));
    }
    QCOMPARE(axial.sliceIndex(), 7);
    QCOMPARE(coronal.sliceIndex(), 2);
  }

  void viewsOfOneOrientationShareTheSliceWhichIsTheCursors() {
    SharedViews shared(kTwoAxialOneCoronal);
    auto& [a, b, coronal] = shared.views;
    const int coronalSlice = coronal.sliceIndex();
    QSignalSpy sliceA(&a, &SliceView::sliceChanged);
    QSignalSpy sliceB(&b, &SliceView::sliceChanged);
    QSignalSpy sliceCoronal(&coronal, &SliceView::sliceChanged);
    a.setSliceIndex(7);
    QCOMPARE(b.sliceIndex(), 7);
    QCOMPARE(sliceA.count(), 1);
    QCOMPARE(sliceB.count(), 1);
    QCOMPARE(sliceB.at(0).at(0).toInt(), 7);
    // Scrolling moves the one cursor along the normal (as in ITK-SNAP), so the coronal view's
    // crosshair follows the axial slice while its own slice stays.
    QCOMPARE(coronal.cursorVoxel()[2], 7);
    QCOMPARE(coronal.sliceIndex(), coronalSlice);
    QCOMPARE(sliceCoronal.count(), 0);

    QTest::keyClick(&b, Qt::Key_Up);
    QCOMPARE(a.sliceIndex(), 8);
    a.setSliceIndex(99);  // clamped to the last of 10 slices
    QCOMPARE(b.sliceIndex(), 9);
  }

  void zoomAndPanAreSharedPerOrientation() {
    SharedViews shared(kTwoAxialOneCoronal);
    auto& [a, b, coronal] = shared.views;
    QSignalSpy transformA(&a, &SliceView::viewTransformChanged);
    QSignalSpy transformCoronal(&coronal, &SliceView::viewTransformChanged);
    b.zoomAbout(QPointF(40, 60), 2.0);
    QCOMPARE(a.zoom(), 2.0);
    QCOMPARE(a.pan(), b.pan());
    QVERIFY(!a.pan().isNull());
    QCOMPARE(a.sliceRect(), b.sliceRect());
    QCOMPARE(transformA.count(), 1);
    QCOMPARE(coronal.zoom(), 1.0);
    QCOMPARE(coronal.pan(), QPointF());
    QCOMPARE(transformCoronal.count(), 0);
    QCOMPARE(shared.state.viewport(SliceOrientation::Axial).zoom(), 2.0);

    coronal.setPan(QPointF(5, -5));
    QCOMPARE(a.pan(), b.pan());
    QVERIFY(a.pan() != QPointF(5, -5));
    QCOMPARE(transformA.count(), 1);
  }

  void windowLevelIsPerViewUnlessShared() {
    // An input and its variance (a thousandth of the scale) on one state keep their own windows.
    SharedViews shared(kTwoAxialOneCoronal);
    auto& [input, variance, coronal] = shared.views;
    const double coronalWindow = coronal.window();
    variance.setImage(ramp(0.001F));
    QVERIFY(qAbs(variance.window() / input.window() - 0.001) < 1e-6);
    const double varianceWindow = variance.window();
    QSignalSpy varianceSpy(&variance, &SliceView::windowLevelChanged);
    input.setWindowLevel(3.0, 4.0);
    QCOMPARE(input.window(), 3.0);
    QCOMPARE(variance.window(), varianceWindow);
    QCOMPARE(coronal.window(), coronalWindow);
    QCOMPARE(varianceSpy.count(), 0);

    // Shared: one window for all; a new image leaves it to the state's owner.
    SharedViews windowed(kThreePlanes, ViewerState::Share::WindowLevel);
    auto& [a, b, c] = windowed.views;
    a.resetWindowLevel();
    QCOMPARE(b.window(), a.window());
    QSignalSpy spyB(&b, &SliceView::windowLevelChanged);
    QSignalSpy spyC(&c, &SliceView::windowLevelChanged);
    a.setWindowLevel(5.0, 6.0);
    QCOMPARE(b.window(), 5.0);
    QCOMPARE(c.level(), 6.0);
    QCOMPARE(spyB.count(), 1);
    QCOMPARE(spyC.count(), 1);
    c.setImage(ramp(1000.0F));
    QCOMPARE(c.window(), 5.0);
    QCOMPARE(a.level(), 6.0);
  }

  void settingTheSameValueEmitsNothing() {
    SharedViews shared(kAllAxial,
                       ViewerState::Share::Orientation | ViewerState::Share::WindowLevel);
    ViewerState& state = shared.state;
    SliceView& view = shared.views[0];
    state.setWindowLevel(10.0, 20.0);
    state.setCursor({7, 8, 9});  // the grid's last voxel
    QSignalSpy cursor(&state, &ViewerState::cursorChanged);
    QSignalSpy transform(&state, &ViewerState::viewTransformChanged);
    QSignalSpy orientation(&state, &ViewerState::orientationChanged);
    QSignalSpy window(&state, &ViewerState::windowLevelChanged);
    QSignalSpy slice(&view, &SliceView::sliceChanged);
    QSignalSpy moved(&view, &SliceView::cursorMoved);

    state.setCursor(state.cursor());
    state.setCursor({70, 80, 90});  // clamped onto the same voxel
    state.setViewTransform(SliceOrientation::Axial, 1.0, QPointF());
    state.setOrientation(state.orientation());
    state.setWindowLevel(10.0, 20.0);
    view.setSliceIndex(view.sliceIndex());
    view.setCursorVoxel(view.cursorVoxel());
    view.setZoom(view.zoom());
    view.setImage(ramp());  // same grid: nothing moves
    for (const QSignalSpy* spy : {&cursor, &transform, &orientation, &window, &slice, &moved}) {
      QCOMPARE(spy->count(), 0);
    }

    // A real change is reported once, by the state and by the view.
    view.setSliceIndex(3);
    QCOMPARE(cursor.count(), 1);
    QCOMPARE(slice.count(), 1);
    QCOMPARE(moved.count(), 1);
    state.setViewTransform(SliceOrientation::Coronal, 3.0, QPointF());
    QCOMPARE(transform.count(), 1);
    QCOMPARE(transform.at(0).at(0).value<SliceOrientation>(), SliceOrientation::Coronal);
  }

  void aSharedOrientationTurnsEveryViewThroughTheCursor() {
    SharedViews shared(kAllAxial, ViewerState::Share::Orientation);
    auto& [a, b, c] = shared.views;
    shared.state.setCursor({2, 6, 8});
    QSignalSpy orientationC(&c, &SliceView::orientationChanged);
    a.setOrientation(SliceOrientation::Coronal);
    for (const SliceView* view : {&a, &b, &c}) {
      QCOMPARE(view->orientation(), SliceOrientation::Coronal);
      QCOMPARE(view->sliceIndex(), 6);  // coronal slices run along y
    }
    QCOMPARE(orientationC.count(), 1);

    // Unshared, the orientation is the view's own.
    SharedViews own(kAllAxial);
    own.views[0].setOrientation(SliceOrientation::Sagittal);
    QCOMPARE(own.views[1].orientation(), SliceOrientation::Axial);
    QCOMPARE(own.views[0].sliceIndex(), own.state.cursor()[0]);
  }

  void anImageOnTheStatesGridKeepsWhereTheReaderLooks() {
    SharedViews shared(kTwoAxialOneCoronal);
    auto& [a, b, coronal] = shared.views;
    a.setCursorVoxel({1, 2, 3});
    a.setZoom(2.0);

    // Joining writes nothing: the newcomer shows the state; its image on the grid keeps it all.
    SliceView late;
    late.resize(200, 200);
    late.setCursorVoxel({5, 5, 5});
    late.setViewerState(&shared.state);
    QCOMPARE(shared.state.cursor(), (Voxel{1, 2, 3}));
    QCOMPARE(late.cursorVoxel(), (Voxel{1, 2, 3}));
    late.setImage(ramp(0.5F));
    QCOMPARE(late.sliceIndex(), 3);
    QCOMPARE(late.zoom(), 2.0);
    QCOMPARE(a.cursorVoxel(), (Voxel{1, 2, 3}));

    // A new grid starts again at its centre, fitted, for every view of the state.
    a.setImage(ramp(1.0F, {4, 6, 4}));
    QCOMPARE(shared.state.cursor(), (Voxel{2, 3, 2}));
    QCOMPARE(b.zoom(), 1.0);
    QCOMPARE(late.zoom(), 1.0);
    QCOMPARE(coronal.cursorVoxel(), (Voxel{2, 3, 2}));
  }

  void destroyedViewsAndStatesBreakNothing() {
    SharedViews shared;
    auto extra = std::make_unique<SliceView>();
    extra->setViewerState(&shared.state);
    extra->setImage(ramp());
    extra->setSliceIndex(1);
    extra.reset();
    shared.state.setCursor({1, 2, 3});
    QCOMPARE(shared.views[0].sliceIndex(), 3);
    shared.views[1].setSliceIndex(4);
    QCOMPARE(shared.views[2].cursorVoxel(), (Voxel{1, 4, 3}));

    // A view outliving its state goes back to its own and keeps working.
    SliceView survivor;
    survivor.resize(100, 100);
    {
      ViewerState state;
      survivor.setViewerState(&state);
      survivor.setImage(ramp());
      QCOMPARE(survivor.viewerState(), &state);
    }
    QVERIFY(survivor.viewerState() != nullptr);
    survivor.setSliceIndex(2);
    QCOMPARE(survivor.sliceIndex(), 2);
    QVERIFY(!survivor.grab().isNull());
  }

  void theComparisonsThreeColumnsObserveOneState() {
    ComparisonView comparison;
    comparison.resize(900, 400);
    QStringList captions;
    for (const QLabel* label : comparison.findChildren<QLabel*>()) {
      captions << label->text();
    }
    captions.sort();
    QCOMPARE(captions, (QStringList{QStringLiteral("Input"), QStringLiteral("Input + anomaly map"),
                                    QStringLiteral("Pseudo-healthy reconstruction")}));
    for (const SliceView* view :
         {comparison.inputView(), comparison.reconstructionView(), comparison.overlayView()}) {
      QCOMPARE(view->viewerState(), comparison.viewerState());
    }

    comparison.setInput(ramp());
    QCOMPARE(comparison.sliceSlider()->maximum(), 9);
    comparison.sliceSlider()->setValue(3);
    QCOMPARE(comparison.overlayView()->sliceIndex(), 3);

    // A result arriving later lands on the slice the reader looks at and shares the window.
    comparison.setReconstruction(ramp(0.5F));
    QCOMPARE(comparison.reconstructionView()->sliceIndex(), 3);
    QCOMPARE(comparison.reconstructionView()->window(), comparison.inputView()->window());
    comparison.reconstructionView()->setSliceIndex(6);
    QCOMPARE(comparison.sliceSlider()->value(), 6);
    comparison.inputView()->setOrientation(SliceOrientation::Sagittal);
    QCOMPARE(comparison.reconstructionView()->orientation(), SliceOrientation::Sagittal);
    QCOMPARE(comparison.sliceSlider()->maximum(), 7);

    const auto anomaly = ramp(2.0F);
    const auto variance = ramp(3.0F);
    comparison.setAnomalyMap(anomaly);
    comparison.setVarianceMap(variance);
    QCOMPARE(comparison.heatMapLayer()->map(), anomaly.get());
    comparison.setOverlayKind(ComparisonView::OverlayKind::Variance);
    QCOMPARE(comparison.heatMapLayer()->map(), variance.get());
    comparison.clearResult();
    QVERIFY(!comparison.reconstructionView()->hasImage());
    QVERIFY(comparison.inputView()->hasImage());
  }
};

QTEST_MAIN(ViewerStateTest)
#include "ViewerStateTest.moc"
