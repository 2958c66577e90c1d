// SweepThumbnail: the slice, the colours and the boxes land where the 2D views put them —
// radiological flips applied, turbo only above the threshold, boxes only on their slices, and the
// physical pixel aspect kept.
#include "common/Error.h"
#include "sweep/SweepThumbnail.h"
#include "views/Colormap.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

constexpr float kThreshold = 0.5f;

// 32 x 32 x 3 voxels whose x axis points to the patient's right (LPS -x): axial views must
// mirror it so that the patient's left is on screen right.
ImageGeometry mirroredGeometry() {
  ImageGeometry geometry;
  geometry.size = {32, 32, 3};
  geometry.direction = {-1, 0, 0, 0, 1, 0, 0, 0, 1};
  return geometry;
}

Image gradientInput(const ImageGeometry& geometry) {
  Image input = Image::filled(geometry, 0.0f);
  for (std::size_t z = 0; z < 3; ++z) {
    for (std::size_t y = 0; y < 32; ++y) {
      for (std::size_t x = 0; x < 32; ++x) input.at(x, y, z) = static_cast<float>(y);
    }
  }
  return input;
}

void fill(Image& image, std::size_t x0, std::size_t y0, std::size_t z, std::size_t side,
          float value) {
  for (std::size_t y = y0; y < y0 + side; ++y) {
    for (std::size_t x = x0; x < x0 + side; ++x) image.at(x, y, z) = value;
  }
}

BoundingBox box(std::size_t x, std::size_t y, std::size_t z, std::size_t side) {
  BoundingBox result;
  result.x = x;
  result.y = y;
  result.z = z;
  result.width = side;
  result.height = side;
  result.depth = 1;
  return result;
}

bool isGrey(QRgb pixel) {
  return qRed(pixel) == qGreen(pixel) && qGreen(pixel) == qBlue(pixel);
}

}  // namespace

class SweepThumbnailTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void hotVoxelsShowInTurboWhereTheViewsShowThem() {
    const ImageGeometry geometry = mirroredGeometry();
    Image map = Image::filled(geometry, 0.1f);
    fill(map, 0, 4, 1, 8, 1.0f);          // the hottest block, on the middle slice
    fill(map, 20, 20, 1, 4, kThreshold);  // exactly at the threshold: not above it
    fill(map, 27, 8, 0, 1, 1.0f);         // on another slice
    FindingsDocument findings;
    findings.threshold = kThreshold;

    const QImage thumbnail =
        SweepThumbnail(SliceOrientation::Axial).render(gradientInput(geometry), map, findings);

    // 32 voxels -> 128 pixels: 4 pixels a voxel. Columns mirrored: x 0..7 is on the right.
    QCOMPARE(thumbnail.size(), QSize(128, 128));
    QCOMPARE(thumbnail.pixel(112, 32), Colormap(Colormap::Kind::Turbo).top());
    QVERIFY(isGrey(thumbnail.pixel(16, 32)));  // the unmirrored place of the block
    QVERIFY(isGrey(thumbnail.pixel(40, 88)));  // at the threshold
    QVERIFY(isGrey(thumbnail.pixel(18, 34)));  // hot, but on slice 0
    // The input's gradient runs down the rows (anterior up): lighter towards the bottom.
    QVERIFY(qRed(thumbnail.pixel(8, 120)) > qRed(thumbnail.pixel(8, 8)));
  }

  void boxesOutlineTheirVoxelsOnTheirSliceOnly() {
    const ImageGeometry geometry = mirroredGeometry();
    FindingsDocument findings;
    findings.threshold = kThreshold;
    findings.boxes = {box(12, 24, 1, 8), box(24, 24, 2, 4)};
    const QImage thumbnail =
        SweepThumbnail(SliceOrientation::Axial, 1)
            .render(gradientInput(geometry), Image::filled(geometry, 0.0f), findings);

    // x 12..19 mirrored to display columns 12..19 -> pixels 48..79; y 24..31 -> 96..127.
    const QRgb outline = SweepThumbnail::kBoxColour.rgb();
    QCOMPARE(thumbnail.pixel(48, 112), outline);
    QCOMPARE(thumbnail.pixel(79, 112), outline);
    QCOMPARE(thumbnail.pixel(64, 96), outline);
    QCOMPARE(thumbnail.pixel(64, 127), outline);
    QVERIFY(isGrey(thumbnail.pixel(64, 112)));  // inside: the anatomy stays visible
    QVERIFY(isGrey(thumbnail.pixel(47, 112)));
    QVERIFY(isGrey(thumbnail.pixel(16, 104)));  // the box on slice 2
  }

  void thumbnailsKeepThePhysicalAspect() {
    ImageGeometry geometry = mirroredGeometry();
    geometry.spacing = {1.0, 2.0, 1.0};  // rows twice as tall as columns are wide
    const QImage thumbnail =
        SweepThumbnail(SliceOrientation::Axial, -1, 96)
            .render(gradientInput(geometry), Image::filled(geometry, 0.0f), FindingsDocument{});
    QCOMPARE(thumbnail.size(), QSize(48, 96));
  }

  void aMapOnAnotherGridIsRefused() {
    const ImageGeometry geometry = mirroredGeometry();
    ImageGeometry other = geometry;
    other.size = {16, 16, 3};
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument, SweepThumbnail().render(gradientInput(geometry),
                                                 Image::filled(other, 0.0f), FindingsDocument{}));
  }
};

QTEST_MAIN(SweepThumbnailTest)
#include "SweepThumbnailTest.moc"
