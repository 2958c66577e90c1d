// Round trips through every format we write, and reads of real files shipped by Debian packages.
#include "TestFolder.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"

#include <QtTest>

#include <random>

using namespace anomadiff;

namespace {

ImageGeometry obliqueGeometry(std::array<std::size_t, 3> size) {
  ImageGeometry geometry;
  geometry.size = size;
  geometry.spacing = {0.5, 1.25, 2.0};
  geometry.origin = {-90.5, 12.25, 3.0};
  // A proper rotation that permutes and flips axes: exact in every format's encoding.
  geometry.direction = {0, 0, 1, -1, 0, 0, 0, -1, 0};
  return geometry;
}

Image randomImage(const ImageGeometry& geometry, float low, float high, bool integral,
                  SampleType storedAs = SampleType::Float32) {
  std::mt19937 random(7);
  std::uniform_real_distribution<float> uniform(low, high);
  std::vector<float> voxels(geometry.voxelCount());
  for (auto& v : voxels) v = integral ? std::round(uniform(random)) : uniform(random);
  return Image(geometry, voxels, storedAs);
}

void verifySameVoxels(const Image& actual, const Image& expected) {
  QCOMPARE(actual.voxelCount(), expected.voxelCount());
  for (std::size_t i = 0; i < actual.voxelCount(); ++i) {
    if (actual.voxels()[i] != expected.voxels()[i]) {
      QFAIL(qPrintable(
          QString("voxel %1: %2 != %3").arg(i).arg(actual.voxels()[i]).arg(expected.voxels()[i])));
    }
  }
}

void verifySameGeometry(const ImageGeometry& actual, const ImageGeometry& expected) {
  QCOMPARE(actual.size, expected.size);
  for (int i = 0; i < 3; ++i) {
    QCOMPARE(actual.spacing[i], expected.spacing[i]);
    QCOMPARE(actual.origin[i], expected.origin[i]);
  }
  for (int i = 0; i < 9; ++i) QCOMPARE(actual.direction[i] + 0.0, expected.direction[i] + 0.0);
}

const char* kColinTemplate = "/usr/share/mricron/templates/ch2bet.nii.gz";
const char* kBrainWebSlice =
    "/usr/share/doc/insighttoolkit5-examples/examples/Data/BrainT1Slice.png";

}  // namespace

class ImageIoTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  /// FSL's Harvard-Oxford atlas in mricron-data: sform RAS (90 − i, j − 126, k − 72), a qform
  /// with offsets (90, 0, 0). Placed by the sform (as FSL, MRIcron, nibabel do), voxel (90,
  /// 126, 72) is the MNI origin; by ITK's qform it would be 126 mm and 72 mm away.
  void niftiWithDisagreeingTransformsIsPlacedByItsSform() {
    const char* atlas = "/usr/share/mricron/templates/HarvardOxford-cort-maxprob-thr0-1mm.nii.gz";
    const ImageGeometry geometry = ImageReader().readHeader(atlas).geometry;
    QCOMPARE(geometry.origin[0], -90.0);  // LPS: RAS x 90 is L 90 → LPS x −90
    QCOMPARE(geometry.origin[1], 126.0);
    QCOMPARE(geometry.origin[2], -72.0);
    QCOMPARE(geometry.direction[0], 1.0);  // RAS x = 90 − i: LPS x grows with i
    QCOMPARE(geometry.direction[4], -1.0);
    QCOMPARE(geometry.direction[8], 1.0);
    QCOMPARE(ImageReader().read(atlas).geometry(), geometry);
  }

  void volumeFormatsRoundTripExactly_data() {
    QTest::addColumn<QString>("fileName");
    QTest::newRow("nii") << "volume.nii";
    QTest::newRow("nii.gz") << "volume.nii.gz";
    QTest::newRow("mha") << "volume.mha";
    QTest::newRow("nrrd") << "volume.nrrd";
  }

  void volumeFormatsRoundTripExactly() {
    QFETCH(QString, fileName);
    test::TestFolder folder;
    const Image original = randomImage(obliqueGeometry({7, 5, 3}), -1000.0f, 1000.0f, false);
    const auto path = folder / fileName.toStdString();
    ImageWriter().write(original, path);
    const Image read = ImageReader().read(path);
    verifySameGeometry(read.geometry(), original.geometry());
    verifySameVoxels(read, original);
  }

  void twoDimensionalNiftiIsOneSliceVolume() {
    test::TestFolder folder;
    ImageGeometry geometry = obliqueGeometry({9, 4, 1});
    const Image original = randomImage(geometry, 0.0f, 1.0f, false);
    ImageWriter().write(original, folder / "slice.nii.gz");
    const Image read = ImageReader().read(folder / "slice.nii.gz");
    QCOMPARE(read.geometry().size, (std::array<std::size_t, 3>{9, 4, 1}));
    QVERIFY(read.geometry().is2D());
    verifySameVoxels(read, original);
  }

  void pngKeepsEightAndSixteenBitRange_data() {
    QTest::addColumn<int>("maximum");
    QTest::addColumn<int>("storedAs");
    QTest::newRow("8-bit") << 255 << int(SampleType::UInt8);
    QTest::newRow("16-bit") << 65535 << int(SampleType::UInt16);
  }

  void pngKeepsEightAndSixteenBitRange() {
    QFETCH(int, maximum);
    QFETCH(int, storedAs);
    test::TestFolder folder;
    ImageGeometry geometry;
    geometry.size = {13, 6, 1};
    Image original = randomImage(geometry, 0.0f, float(maximum), true, SampleType(storedAs));
    original.at(0, 0) = float(maximum);  // the full range must survive
    ImageWriter().write(original, folder / "slice.png");
    const Image read = ImageReader().read(folder / "slice.png");
    QCOMPARE(int(read.storedAs()), storedAs);
    QCOMPARE(read.geometry().size, geometry.size);
    verifySameVoxels(read, original);
  }

  void dicomSeriesRoundTripsVoxelsAndGeometry() {
    test::TestFolder folder;
    ImageGeometry geometry;
    geometry.size = {8, 6, 4};
    geometry.spacing = {0.5, 0.75, 2.0};
    geometry.origin = {-10.0, 20.5, 30.0};
    const Image original = randomImage(geometry, -1024.0f, 3000.0f, true, SampleType::Int16);
    DicomSeriesWriter().write(original, folder / "series");
    QCOMPARE(std::distance(std::filesystem::directory_iterator(folder / "series"),
                           std::filesystem::directory_iterator{}),
             4);
    const Image read = ImageReader().read(folder / "series");
    verifySameGeometry(read.geometry(), original.geometry());
    verifySameVoxels(read, original);
  }

  void readsColin27TemplateAtOneMillimetre() {
    if (!std::filesystem::exists(kColinTemplate)) QSKIP("mricron-data is not installed");
    const ImageHeader header = ImageReader().readHeader(kColinTemplate);
    QCOMPARE(header.geometry.size, (std::array<std::size_t, 3>{181, 217, 181}));
    const Image image = ImageReader().read(kColinTemplate);
    QCOMPARE(image.geometry().size, (std::array<std::size_t, 3>{181, 217, 181}));
    for (double spacing : image.geometry().spacing) QCOMPARE(spacing, 1.0);
    QCOMPARE(image.nonFiniteCount(), std::size_t{0});
    // Skull-stripped: background is zero, the brain is not.
    QCOMPARE(image.at(0, 0, 0), 0.0f);
    QVERIFY(image.at(90, 108, 90) > 0.0f);
  }

  void readsBrainWebPngAtFullRange() {
    if (!std::filesystem::exists(kBrainWebSlice))
      QSKIP("insighttoolkit5-examples is not installed");
    const Image image = ImageReader().read(kBrainWebSlice);
    QVERIFY(image.geometry().is2D());
    QCOMPARE(int(image.storedAs()), int(SampleType::UInt8));
    const auto [low, high] = std::minmax_element(image.voxels().begin(), image.voxels().end());
    QVERIFY(*low >= 0.0f);
    QVERIFY(*high > 200.0f && *high <= 255.0f);
  }
};

QTEST_APPLESS_MAIN(ImageIoTest)
#include "ImageIoTest.moc"
