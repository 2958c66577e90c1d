// Bad files give an IoError whose message names the file; nothing crashes, nothing is allocated
// for a forged header, and a failed write leaves no partial output behind.
#include "TestFolder.h"
#include "common/Error.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"

#include <QtTest>

#include <fstream>

using namespace anomadiff;

namespace {

Image smallVolume() {
  ImageGeometry geometry;
  geometry.size = {32, 32, 8};
  std::vector<float> voxels(geometry.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = float(i % 251);
  return Image(geometry, voxels, SampleType::UInt8);
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), {}};
}

void truncate(const std::filesystem::path& path, double keptFraction) {
  const std::string bytes = readBytes(path);
  writeBytes(path, bytes.substr(0, std::size_t(bytes.size() * keptFraction)));
}

/// Reading must throw an IoError that names the file and says `why`.
void verifyReadFails(const std::filesystem::path& path, const QString& why) {
  try {
    ImageReader().read(path);
    QFAIL(qPrintable("reading " + QString::fromStdString(path.string()) + " did not fail"));
  } catch (const IoError& error) {
    const QString message = error.what();
    QVERIFY2(message.contains(QString::fromStdString(path.string())), qPrintable(message));
    QVERIFY2(message.contains(why, Qt::CaseInsensitive), qPrintable(message));
  }
}

std::size_t filesIn(const std::filesystem::path& folder) {
  return std::size_t(std::distance(std::filesystem::directory_iterator(folder),
                                   std::filesystem::directory_iterator{}));
}

}  // namespace

class ImageIoErrorTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void missingFile() {
    test::TestFolder folder;
    verifyReadFails(folder / "absent.nii.gz", "does not exist");
  }

  void garbageWithImageExtension_data() {
    QTest::addColumn<QString>("name");
    for (const char* name :
         {"garbage.nii", "garbage.nii.gz", "garbage.png", "garbage.mha", "garbage.nrrd"}) {
      QTest::newRow(name) << name;
    }
  }

  void garbageWithImageExtension() {
    QFETCH(QString, name);
    test::TestFolder folder;
    writeBytes(folder / name.toStdString(), std::string(4096, '\x5a') + "not an image");
    verifyReadFails(folder / name.toStdString(), "cannot read");
  }

  void truncatedFiles_data() {
    QTest::addColumn<QString>("name");
    for (const char* name : {"cut.nii", "cut.nii.gz", "cut.png", "cut.mha", "cut.nrrd"}) {
      QTest::newRow(name) << name;
    }
  }

  void truncatedFiles() {
    QFETCH(QString, name);
    test::TestFolder folder;
    const auto path = folder / name.toStdString();
    Image image = smallVolume();
    if (name.endsWith(".png")) {
      ImageGeometry geometry = image.geometry();
      geometry.size[2] = 1;
      image = Image(geometry,
                    std::vector<float>(image.voxels().begin(), image.voxels().begin() + 32 * 32),
                    SampleType::UInt8);
    }
    ImageWriter().write(image, path);
    truncate(path, 0.6);
    verifyReadFails(path, "cannot read");
  }

  void forgedHugeHeaderIsRefusedBeforeAllocation() {
    test::TestFolder folder;
    const auto path = folder / "huge.nii";
    ImageWriter().write(smallVolume(), path);
    std::string bytes = readBytes(path);
    // NIfTI-1: dim[1..3] are int16 at byte offsets 42, 44, 46.
    const short huge = 30000;
    for (int offset : {42, 44, 46}) std::memcpy(bytes.data() + offset, &huge, sizeof huge);
    writeBytes(path, bytes);
    verifyReadFails(path, "exceeds the memory budget");
  }

  void smallBudgetRefusesLargeImage() {
    test::TestFolder folder;
    ImageWriter().write(smallVolume(), folder / "v.nii.gz");
    QVERIFY_THROWS_EXCEPTION(IoError, ImageReader(1024).read(folder / "v.nii.gz"));
    QCOMPARE(ImageReader(1 << 20).read(folder / "v.nii.gz").voxelCount(), std::size_t{32 * 32 * 8});
  }

  void folderWithoutDicom() {
    test::TestFolder folder;
    std::filesystem::create_directory(folder / "empty");
    writeBytes(folder / "empty" / "notes.txt", "hello");
    verifyReadFails(folder / "empty", "no readable DICOM series");
  }

  void unsupportedWriteExtensionWritesNothing() {
    test::TestFolder folder;
    QVERIFY_THROWS_EXCEPTION(IoError, ImageWriter().write(smallVolume(), folder / "v.tiff"));
    QCOMPARE(filesIn(folder.path()), std::size_t{0});
  }

  void failedWriteKeepsTheOldFile() {
    test::TestFolder folder;
    const auto path = folder / "slice.png";
    writeBytes(path, "previous export");
    ImageGeometry geometry;
    geometry.size = {4, 4, 1};
    const Image fractional = Image::filled(geometry, 0.5f);  // PNG cannot hold 0.5
    QVERIFY_THROWS_EXCEPTION(IoError, ImageWriter().write(fractional, path));
    QCOMPARE(readBytes(path), std::string("previous export"));
    QCOMPARE(filesIn(folder.path()), std::size_t{1});
  }

  void writeIntoMissingFolderLeavesNoTemporary() {
    test::TestFolder folder;
    QVERIFY_THROWS_EXCEPTION(IoError,
                             ImageWriter().write(smallVolume(), folder / "no" / "v.nii.gz"));
    QCOMPARE(filesIn(folder.path()), std::size_t{0});
  }
};

QTEST_APPLESS_MAIN(ImageIoErrorTest)
#include "ImageIoErrorTest.moc"
