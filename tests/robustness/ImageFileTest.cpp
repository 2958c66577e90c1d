// Broken image files — empty, truncated, impossible sizes, a wrong extension, MetaImage data
// files that are missing or outside their folder — through `localize --method intensity`: each
// is refused with one `error: ` line naming the file and the problem, nothing is written.
#include "CaseFolder.h"
#include "Gzip.h"
#include "NiftiBuilder.h"
#include "Phantom.h"
#include "Suites.h"
#include "TextHeaders.h"

#include <QBuffer>
#include <QImage>
#include <QtTest>

#include <functional>

using namespace anomadiff::test;

namespace {

struct BrokenFile {
  const char* name;
  const char* file;     ///< the input, under in/; the message must name it
  const char* problem;  ///< what the message must say (case-insensitive regex)
  std::function<void(const CaseFolder&)> make;
};

constexpr std::size_t kSide = 64;
constexpr std::size_t kNiftiVoxelOffset = 352;

std::string niftiSlice() {
  return NiftiBuilder(Phantom::voxels(kSide, kSide), {kSide, kSide, 1})
      .datatype(NiftiBuilder::kInt16)
      .bytes();
}

std::string firstHalf(std::string bytes) {
  bytes.resize(bytes.size() / 2);
  return bytes;
}

/// The header and half of the voxels.
std::string niftiWithHalfTheVoxels() {
  return niftiSlice().substr(0, kNiftiVoxelOffset + kSide * kSide);
}

std::string forgedNifti(std::vector<std::int64_t> dim) {
  return NiftiBuilder(Phantom::voxels(kSide, kSide), {kSide, kSide, 1})
      .datatype(NiftiBuilder::kInt16)
      .dim(std::move(dim))
      .bytes();
}

std::string metaImage(TextHeaders::Fields fields, bool halfTheVoxels = false) {
  const std::string voxels = TextHeaders::int16(Phantom::voxels(kSide, kSide));
  return TextHeaders::metaImage(fields) + (halfTheVoxels ? firstHalf(voxels) : voxels);
}

std::string nrrd(TextHeaders::Fields fields, bool halfTheVoxels = false) {
  const std::string voxels = TextHeaders::int16(Phantom::voxels(kSide, kSide));
  return TextHeaders::nrrd(fields) + (halfTheVoxels ? firstHalf(voxels) : voxels);
}

std::string pngSlice() {
  QImage image(kSide, kSide, QImage::Format_Grayscale8);
  const auto voxels = Phantom::voxels(kSide, kSide);
  for (std::size_t y = 0; y < kSide; ++y) {
    for (std::size_t x = 0; x < kSide; ++x)
      image.scanLine(int(y))[x] = uchar(voxels[y * kSide + x]);
  }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return bytes.toStdString();
}

/// A .mhd header in in/ whose voxels live in `dataFile`.
void headerPointingAt(const CaseFolder& folder, const std::string& dataFile) {
  TextHeaders::Fields fields;
  fields.dataFile = dataFile;
  folder.write(folder.in("scan.mhd"), TextHeaders::metaImage(fields));
  // A real data file outside in/: the header must not reach it.
  folder.write(folder.root() / "outside.raw", TextHeaders::int16(Phantom::voxels(kSide, kSide)));
}

const std::vector<BrokenFile>& brokenFiles() {
  const char* kTruncated = "truncat|too short|bytes";
  const char* kEmpty = "empty|0 bytes|zero bytes|no data";
  const char* kTooLarge = "memory|budget|too large|exceeds";
  using F = const CaseFolder&;
  static const std::vector<BrokenFile> cases = {
      {"nii zero length", "scan.nii", kEmpty, [](F f) { f.write(f.in("scan.nii"), ""); }},
      {"nii header truncated", "scan.nii", kTruncated,
       [](F f) { f.write(f.in("scan.nii"), niftiSlice().substr(0, 200)); }},
      {"nii voxels truncated", "scan.nii", kTruncated,
       [](F f) { f.write(f.in("scan.nii"), niftiWithHalfTheVoxels()); }},
      {"nii.gz zero length", "scan.nii.gz", kEmpty, [](F f) { f.write(f.in("scan.nii.gz"), ""); }},
      {"nii.gz stream truncated", "scan.nii.gz", "truncat|unexpected end|corrupt|compress",
       [](F f) { f.write(f.in("scan.nii.gz"), firstHalf(Gzip::compress(niftiSlice()))); }},
      {"nii.gz voxels truncated", "scan.nii.gz", kTruncated,
       [](F f) { f.write(f.in("scan.nii.gz"), Gzip::compress(niftiWithHalfTheVoxels())); }},
      {"mha zero length", "scan.mha", kEmpty, [](F f) { f.write(f.in("scan.mha"), ""); }},
      {"mha voxels truncated", "scan.mha", kTruncated,
       [](F f) { f.write(f.in("scan.mha"), metaImage({}, true)); }},
      {"nrrd zero length", "scan.nrrd", kEmpty, [](F f) { f.write(f.in("scan.nrrd"), ""); }},
      {"nrrd voxels truncated", "scan.nrrd", kTruncated,
       [](F f) { f.write(f.in("scan.nrrd"), nrrd({}, true)); }},
      {"nii 10^12 voxels", "scan.nii", kTooLarge,
       [](F f) {
         f.write(f.in("scan.nii"), forgedNifti({3, 10000, 10000, 10000}));
       }},
      {"nii.gz 10^12 voxels", "scan.nii.gz", kTooLarge,
       [](F f) {
         f.write(f.in("scan.nii.gz"), Gzip::compress(forgedNifti({3, 10000, 10000, 10000})));
       }},
      {"mha 10^12 voxels", "scan.mha", kTooLarge,
       [](F f) { f.write(f.in("scan.mha"), metaImage({.size = "1000000 1000000 1"})); }},
      {"nrrd 10^12 voxels", "scan.nrrd", kTooLarge,
       [](F f) { f.write(f.in("scan.nrrd"), nrrd({.size = "1000000 1000000 1"})); }},
      {"nii negative dim", "scan.nii", "negative|-64",
       [](F f) {
         f.write(f.in("scan.nii"), forgedNifti({3, 64, -64, 1}));
       }},
      {"nii zero dim", "scan.nii", "empty|zero",
       [](F f) {
         f.write(f.in("scan.nii"), forgedNifti({3, 64, 0, 1}));
       }},
      {"nii dims overflowing int32", "scan.nii", kTooLarge,
       [](F f) {
         f.write(f.in("scan.nii"), forgedNifti({3, 32767, 32767, 32767}));
       }},
      // 2^32 per axis: the product wraps to 0 in 64 bits.
      {"mha dims overflowing 64 bits", "scan.mha", "memory|budget|too large|exceeds|overflow",
       [](F f) {
         f.write(f.in("scan.mha"), metaImage({.size = "4294967296 4294967296 4294967296"}));
       }},
      {"mha negative dim", "scan.mha", "negative|-64",
       [](F f) { f.write(f.in("scan.mha"), metaImage({.size = "64 -64 1"})); }},
      {"nrrd zero dim", "scan.nrrd", "empty|zero",
       [](F f) { f.write(f.in("scan.nrrd"), nrrd({.size = "64 0 1"})); }},
      {"png named .nii", "scan.nii", "PNG|not a NIfTI|extension",
       [](F f) { f.write(f.in("scan.nii"), pngSlice()); }},
      {"nifti named .png", "scan.png", "extension|not a PNG",
       [](F f) { f.write(f.in("scan.png"), niftiSlice()); }},
      {"mhd data file missing", "scan.mhd", "missing\\.raw",
       [](F f) { headerPointingAt(f, "missing.raw"); }},
      {"mhd data file in ../", "scan.mhd", "outside",
       [](F f) { headerPointingAt(f, "../outside.raw"); }},
      {"mhd data file absolute", "scan.mhd", "outside",
       [](F f) { headerPointingAt(f, (f.root() / "outside.raw").string()); }},
  };
  return cases;
}

}  // namespace

class ImageFileTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void brokenFileIsRefused_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < brokenFiles().size(); ++i)
      QTest::newRow(brokenFiles()[i].name) << int(i);
  }

  void brokenFileIsRefused() {
    QFETCH(int, index);
    const BrokenFile& broken = brokenFiles()[std::size_t(index)];
    CaseFolder folder;
    broken.make(folder);
    folder.run({"localize", CaseFolder::arg(folder.in(broken.file)), "-o",
                CaseFolder::arg(folder.out()), "--method", "intensity", "-q"});
    const QString problem = folder.refusalProblem(broken.file, broken.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }
};

int runImageFileTest(int argc, char** argv) {
  ImageFileTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ImageFileTest.moc"
