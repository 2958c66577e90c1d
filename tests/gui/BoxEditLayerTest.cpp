// Editing findings on a slice view with the real mouse and key events: resize on a handle, move,
// Shift-draw, delete, accept/reject, next/previous, on an axial 2D image and a coronal volume.
// The model is the single source of truth, so every assertion reads the FindingsModel.

#include "TestFolder.h"
#include "findings/FindingsModel.h"
#include "image/Image.h"
#include "report/BoxesJsonFile.h"
#include "views/BoxEditLayer.h"
#include "views/SliceView.h"

#include <QMouseEvent>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

using anomadiff::BoundingBox;
using anomadiff::FindingsDocument;
using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::SliceOrientation;
using anomadiff::gui::BoxEditLayer;
using anomadiff::gui::FindingsModel;
using anomadiff::gui::SliceView;

namespace {

Image blankImage(std::size_t width, std::size_t height, std::size_t depth) {
  ImageGeometry geometry;
  geometry.size = {width, height, depth};
  Image image = Image::filled(geometry, 0.0F);
  image.at(0, 0, 0) = 1.0F;  // not constant, so the window is ordinary
  return image;
}

BoundingBox boxAt(int id, std::array<std::size_t, 3> start, std::array<std::size_t, 3> size) {
  BoundingBox box;
  box.id = id;
  box.x = start[0];
  box.y = start[1];
  box.z = start[2];
  box.width = size[0];
  box.height = size[1];
  box.depth = size[2];
  box.score = 0.5;
  return box;
}

FindingsDocument documentWith(std::vector<BoundingBox> boxes) {
  FindingsDocument document;
  document.boxes = std::move(boxes);
  document.threshold = 0.2;
  document.thresholdSource = "user";
  document.provenance.appVersion = "0.1.0";
  document.provenance.method = "intensity";
  return document;
}

// A 256x256 view of `image` with the box layer over `model`, shown so it gets real events.
struct Fixture {
  FindingsModel model;
  SliceView view;
  BoxEditLayer layer{&model};

  Fixture(const Image& image, const FindingsDocument& document,
          SliceOrientation orientation = SliceOrientation::Axial) {
    model.reset(document);
    view.resize(256, 256);
    view.setImage(image);
    view.setOrientation(orientation);
    view.addLayer(&layer);
    view.show();
  }

  QPoint at(double x, double y, double z) const { return view.widgetPosition({x, y, z}).toPoint(); }
};

bool pressConsumed(Fixture& fixture, QPoint position, Qt::KeyboardModifiers modifiers) {
  QMouseEvent press(QEvent::MouseButtonPress, position, fixture.view.mapToGlobal(position),
                    Qt::LeftButton, Qt::LeftButton, modifiers);
  return fixture.layer.mousePress(fixture.view, &press);
}

}  // namespace

class BoxEditLayerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void dragOnAHandleResizesAsOneUndoStep() {
    // 64x64 in 256x256: 4 px per voxel. Box x 10..17, y 20..25.
    Fixture fixture(blankImage(64, 64, 1), documentWith({boxAt(1, {10, 20, 0}, {8, 6, 1})}));
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.view));
    fixture.model.setCurrentRow(0);
    QSignalSpy changedSpy(&fixture.model, &FindingsModel::boxChanged);

    // The bottom-right handle sits on the far corner of voxel (17, 25).
    const QPoint handle = fixture.at(17.5, 25.5, 0);
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, handle);
    QTest::mouseMove(&fixture.view, handle + QPoint(4, 0));
    QCOMPARE(changedSpy.count(), 1);
    QTest::mouseMove(&fixture.view, handle + QPoint(12, 8));
    QCOMPARE(changedSpy.count(), 2);
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, handle + QPoint(12, 8));
    QCOMPARE(changedSpy.count(), 2);  // the release at the last position changes nothing
    QCOMPARE(changedSpy.at(1).at(0).toInt(), 0);

    const BoundingBox& resized = fixture.model.finding(0);
    QCOMPARE(resized.x, std::size_t{10});
    QCOMPARE(resized.y, std::size_t{20});
    QCOMPARE(resized.width, std::size_t{11});
    QCOMPARE(resized.height, std::size_t{8});
    QCOMPARE(fixture.model.undoStack()->count(), 1);

    fixture.model.undoStack()->undo();
    QCOMPARE(fixture.model.finding(0).width, std::size_t{8});
    QCOMPARE(fixture.model.finding(0).height, std::size_t{6});
    QCOMPARE(changedSpy.count(), 3);
  }

  void editedBoxIsWhatTheExportWrites() {
    Fixture fixture(blankImage(64, 64, 1), documentWith({boxAt(1, {10, 20, 0}, {8, 6, 1})}));
    fixture.model.setCurrentRow(0);
    const QPoint handle = fixture.at(9.5, 19.5, 0);  // top-left
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, handle);
    QTest::mouseMove(&fixture.view, handle - QPoint(8, 4));
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, handle - QPoint(8, 4));
    fixture.model.setReview(0, "accepted");

    anomadiff::test::TestFolder folder;
    anomadiff::BoxesJsonFile().write(fixture.model.document(), folder / "boxes.json");
    const auto written = anomadiff::BoxesJsonFile().read(folder / "boxes.json");
    QCOMPARE(written.boxes.size(), std::size_t{1});
    QCOMPARE(written.boxes[0].x, std::size_t{8});
    QCOMPARE(written.boxes[0].y, std::size_t{19});
    QCOMPARE(written.boxes[0].width, std::size_t{10});
    QCOMPARE(written.boxes[0].height, std::size_t{7});
    QCOMPARE(written.boxes[0].review, std::string("accepted"));
    QCOMPARE(written.thresholdSource, std::string("user"));
  }

  void resizeIsClampedToTheImageAndOneVoxel() {
    Fixture fixture(blankImage(64, 64, 1), documentWith({boxAt(1, {10, 20, 0}, {8, 6, 1})}));
    fixture.model.setCurrentRow(0);
    const QPoint right = fixture.at(17.5, 22.5, 0);  // middle of the right edge
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, right);
    QTest::mouseMove(&fixture.view, QPoint(300, right.y()));    // beyond the widget
    QCOMPARE(fixture.model.finding(0).width, std::size_t{54});  // up to column 63
    QTest::mouseMove(&fixture.view, QPoint(0, right.y()));      // across the left edge
    QCOMPARE(fixture.model.finding(0).x, std::size_t{10});
    QCOMPARE(fixture.model.finding(0).width, std::size_t{1});
    QCOMPARE(fixture.model.finding(0).height, std::size_t{6});  // a side handle: one axis only
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, QPoint(0, right.y()));
  }

  void dragInsideMovesAndSelects() {
    Fixture fixture(blankImage(64, 64, 1), documentWith({boxAt(1, {2, 2, 0}, {3, 3, 1}),
                                                         boxAt(2, {10, 20, 0}, {8, 6, 1})}));
    QSignalSpy currentSpy(&fixture.model, &FindingsModel::currentRowChanged);
    const QPoint inside = fixture.at(12, 22, 0);
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, inside);
    QCOMPARE(fixture.model.currentRow(), 1);
    QCOMPARE(currentSpy.count(), 1);
    QTest::mouseMove(&fixture.view, inside + QPoint(-20, 8));
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, inside + QPoint(-20, 8));
    QCOMPARE(fixture.model.finding(1).x, std::size_t{5});
    QCOMPARE(fixture.model.finding(1).y, std::size_t{22});
    QCOMPARE(fixture.model.finding(1).width, std::size_t{8});
    // Moved as far as the image allows, never cut.
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, fixture.at(6, 23, 0));
    QTest::mouseMove(&fixture.view, QPoint(-50, -50));
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, QPoint(-50, -50));
    QCOMPARE(fixture.model.finding(1).x, std::size_t{0});
    QCOMPARE(fixture.model.finding(1).y, std::size_t{0});
    QCOMPARE(fixture.model.undoStack()->count(), 2);
  }

  void shiftDragDrawsAnAddedBox() {
    Fixture fixture(blankImage(64, 64, 1), documentWith({boxAt(1, {10, 20, 0}, {8, 6, 1})}));
    QSignalSpy addedSpy(&fixture.model, &FindingsModel::findingAdded);
    const QPoint from = fixture.at(40, 40, 0);
    const QPoint to = fixture.at(35, 44, 0);
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(&fixture.view, to);
    QCOMPARE(addedSpy.count(), 0);  // only a rubber band while dragging
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::ShiftModifier, to);
    QCOMPARE(addedSpy.count(), 1);
    const BoundingBox& drawn = fixture.model.finding(1);
    QCOMPARE(drawn.id, 2);
    QCOMPARE(drawn.review, std::string("added"));
    QCOMPARE(drawn.x, std::size_t{35});
    QCOMPARE(drawn.y, std::size_t{40});
    QCOMPARE(drawn.width, std::size_t{6});
    QCOMPARE(drawn.height, std::size_t{5});
    QCOMPARE(drawn.depth, std::size_t{1});
    QCOMPARE(fixture.model.currentRow(), 1);
    fixture.model.undoStack()->undo();
    QCOMPARE(fixture.model.count(), 1);
  }

  void plainClickOnEmptySpaceIsLeftToOtherTools() {
    Fixture fixture(blankImage(64, 64, 1), documentWith({boxAt(1, {10, 20, 0}, {8, 6, 1})}));
    QVERIFY(!pressConsumed(fixture, fixture.at(50, 50, 0), Qt::NoModifier));
    QVERIFY(pressConsumed(fixture, fixture.at(12, 22, 0), Qt::NoModifier));
    QVERIFY(pressConsumed(fixture, fixture.at(50, 50, 0), Qt::ShiftModifier));
    QMouseEvent right(QEvent::MouseButtonPress, fixture.at(12, 22, 0), QPointF(), Qt::RightButton,
                      Qt::RightButton, Qt::NoModifier);
    QVERIFY(!fixture.layer.mousePress(fixture.view, &right));
  }

  void keysRemoveReviewAndNavigate() {
    Fixture fixture(blankImage(64, 64, 1),
                    documentWith({boxAt(1, {2, 2, 0}, {3, 3, 1}), boxAt(2, {10, 20, 0}, {8, 6, 1}),
                                  boxAt(3, {40, 40, 0}, {2, 2, 1})}));
    QSignalSpy navigateSpy(&fixture.layer, &BoxEditLayer::navigateRequested);
    QTest::keyClick(&fixture.view, Qt::Key_A);  // nothing current: nothing to accept
    QCOMPARE(fixture.model.finding(0).review, std::string());

    QTest::keyClick(&fixture.view, Qt::Key_N);
    QCOMPARE(fixture.model.currentRow(), 0);
    QTest::keyClick(&fixture.view, Qt::Key_N);
    QCOMPARE(fixture.model.currentRow(), 1);
    QTest::keyClick(&fixture.view, Qt::Key_P);
    QTest::keyClick(&fixture.view, Qt::Key_P);
    QCOMPARE(fixture.model.currentRow(), 2);  // wraps
    QCOMPARE(navigateSpy.count(), 4);
    QCOMPARE(navigateSpy.last().at(0).toInt(), 2);

    QTest::keyClick(&fixture.view, Qt::Key_A);
    QCOMPARE(fixture.model.finding(2).review, std::string("accepted"));
    fixture.model.setCurrentRow(0);
    QTest::keyClick(&fixture.view, Qt::Key_R);
    QCOMPARE(fixture.model.finding(0).review, std::string("rejected"));

    QTest::keyClick(&fixture.view, Qt::Key_Delete);
    QCOMPARE(fixture.model.count(), 2);
    QCOMPARE(fixture.model.rowOfId(1), -1);
    QTest::keyClick(&fixture.view, Qt::Key_Backspace);
    QCOMPARE(fixture.model.count(), 1);
    QCOMPARE(fixture.model.finding(0).id, 3);
    fixture.model.undoStack()->undo();
    QCOMPARE(fixture.model.count(), 2);
  }

  void editsACoronalViewOfAVolume() {
    // Coronal: columns follow x, rows follow z (superior up, so z grows upwards), slices y.
    Fixture fixture(blankImage(32, 20, 24), documentWith({boxAt(1, {5, 8, 4}, {6, 3, 10})}),
                    SliceOrientation::Coronal);
    QCOMPARE(fixture.view.sliceAxes().normal, 1);
    fixture.view.setSliceIndex(9);
    const QPoint inside = fixture.at(7, 9, 8);
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, inside);
    QCOMPARE(fixture.model.currentRow(), 0);
    const QPoint target = fixture.at(9, 9, 6);  // 2 voxels along +x, 2 along -z
    QTest::mouseMove(&fixture.view, target);
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, target);
    const BoundingBox& moved = fixture.model.finding(0);
    QCOMPARE(moved.x, std::size_t{7});
    QCOMPARE(moved.z, std::size_t{2});
    QCOMPARE(moved.y, std::size_t{8});  // across the slices: untouched
    QCOMPARE(moved.depth, std::size_t{10});
    QCOMPARE(moved.height, std::size_t{3});

    // The top handle of a flipped view drags the box's high z end.
    const QPoint top = fixture.at(9.5, 9, 11.5);
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::NoModifier, top);
    QTest::mouseMove(&fixture.view, fixture.at(9.5, 9, 13.5));
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::NoModifier, fixture.at(9.5, 9, 13.5));
    QCOMPARE(fixture.model.finding(0).z, std::size_t{2});
    QCOMPARE(fixture.model.finding(0).depth, std::size_t{12});

    // On a slice the box does not cross it is neither drawn nor hit.
    fixture.view.setSliceIndex(15);
    QVERIFY(!pressConsumed(fixture, fixture.at(9, 15, 6), Qt::NoModifier));

    // Drawing on a coronal slice makes the box one voxel thick along y.
    QTest::mousePress(&fixture.view, Qt::LeftButton, Qt::ShiftModifier, fixture.at(20, 15, 20));
    QTest::mouseMove(&fixture.view, fixture.at(24, 15, 17));
    QTest::mouseRelease(&fixture.view, Qt::LeftButton, Qt::ShiftModifier, fixture.at(24, 15, 17));
    const BoundingBox& drawn = fixture.model.finding(1);
    QCOMPARE(drawn.x, std::size_t{20});
    QCOMPARE(drawn.width, std::size_t{5});
    QCOMPARE(drawn.y, std::size_t{15});
    QCOMPARE(drawn.height, std::size_t{1});
    QCOMPARE(drawn.z, std::size_t{17});
    QCOMPARE(drawn.depth, std::size_t{4});
  }

  void paintsBoxesOnTheirSlicesOnly() {
    Fixture fixture(blankImage(32, 20, 24), documentWith({boxAt(1, {5, 8, 4}, {6, 3, 10})}),
                    SliceOrientation::Coronal);
    fixture.view.setWindowLevel(1000.0, 500.0);  // the blank image stays black
    fixture.view.setSliceIndex(9);
    const QPoint edge = fixture.at(4.5, 9, 8);  // on the left edge of the box
    QImage frame = fixture.view.grab().toImage();
    QVERIFY2(qRed(frame.pixel(edge)) > 200 && qGreen(frame.pixel(edge)) > 150,
             "pending boxes are yellow");
    fixture.model.setReview(0, "accepted");
    frame = fixture.view.grab().toImage();
    QVERIFY(qGreen(frame.pixel(edge)) > 150 && qRed(frame.pixel(edge)) < 100);
    fixture.view.setSliceIndex(15);
    frame = fixture.view.grab().toImage();
    QCOMPARE(qGray(frame.pixel(edge)), 0);
  }
};

QTEST_MAIN(BoxEditLayerTest)
#include "BoxEditLayerTest.moc"
