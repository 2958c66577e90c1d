// Image files that read but hold something the method cannot use — NaN or infinite voxels,
// zero/NaN/negative spacing, sheared or singular directions, a 4D series, complex or RGB voxels —
// are refused naming the problem; files that are odd but valid — non-square, odd, 1-pixel
// slices, big-endian files, int64 voxels, a 16-bit PNG — succeed with the maps their values give.
#include "CaseFolder.h"
#include "NiftiBuilder.h"
#include "Phantom.h"
#include "ResultMap.h"
#include "Suites.h"
#include "TextHeaders.h"

#include <QBuffer>
#include <QImage>
#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace anomadiff::test;

namespace {

constexpr std::size_t kSide = 64;
using Bytes = std::function<std::string()>;

struct UnusableImage {
  const char* name;
  const char* file;
  const char* problem;  ///< case-insensitive regex the message must match
  Bytes bytes;
};

/// An odd but valid image: must succeed, with an anomaly map on the input's grid; with a
/// reference, the map must equal the reference's (same voxel values, another encoding).
struct OddImage {
  const char* name;
  const char* file;
  std::array<std::int64_t, 3> size;
  Bytes bytes;
  const char* referenceFile = nullptr;
  Bytes reference = nullptr;
};

NiftiBuilder phantom(std::size_t width = kSide, std::size_t height = kSide) {
  return NiftiBuilder(Phantom::voxels(width, height),
                      {std::int64_t(width), std::int64_t(height), 1});
}

/// The phantom with `count` brain voxels (from the centre on) set to `value`.
std::string floatsWith(float value, std::size_t count) {
  auto voxels = Phantom::voxels(kSide, kSide);
  const std::size_t centre = kSide * kSide / 2 + kSide / 2;
  for (std::size_t i = 0; i < count; ++i) voxels[centre + i] = value;
  return NiftiBuilder(voxels, {kSide, kSide, 1}).bytes();
}

std::string metaImage(TextHeaders::Fields fields) {
  return TextHeaders::metaImage(fields) +
         TextHeaders::int16(Phantom::voxels(kSide, kSide), fields.bigEndian);
}

std::string nrrd(TextHeaders::Fields fields) {
  return TextHeaders::nrrd(fields) +
         TextHeaders::int16(Phantom::voxels(kSide, kSide), fields.bigEndian);
}

/// The phantom lifted to 30000 + value: an 8-bit reduction (>> 8) would flatten the tissue.
std::vector<float> sixteenBitVoxels() {
  auto voxels = Phantom::voxels(kSide, kSide);
  for (float& v : voxels) v = v > 0 ? 30000 + v : 0;
  return voxels;
}

std::string png16() {
  const auto voxels = sixteenBitVoxels();
  QImage image(kSide, kSide, QImage::Format_Grayscale16);
  for (std::size_t y = 0; y < kSide; ++y) {
    auto* row = reinterpret_cast<quint16*>(image.scanLine(int(y)));
    for (std::size_t x = 0; x < kSide; ++x) row[x] = quint16(voxels[y * kSide + x]);
  }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return bytes.toStdString();
}

const std::vector<UnusableImage>& unusableImages() {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const char* kSpacing = "spacing";
  const char* kDirection = "direction|shear|orthogonal|orthonormal|singular";
  static const std::vector<UnusableImage> cases = {
      {"nii 5 NaN voxels", "scan.nii", "\\b5\\b.*NaN", [=] { return floatsWith(nan, 5); }},
      {"nii 3 infinite voxels", "scan.nii", "\\b3\\b.*(infinite|inf)",
       [=] { return floatsWith(inf, 3); }},
      {"mha 5 NaN voxels", "scan.mha", "\\b5\\b.*NaN",
       [=] {
         auto voxels = Phantom::voxels(kSide, kSide);
         std::fill_n(voxels.begin() + kSide * kSide / 2 + kSide / 2, 5, nan);
         return TextHeaders::metaImage({.elementType = "MET_FLOAT"}) + TextHeaders::float32(voxels);
       }},
      {"nii all NaN", "scan.nii", "NaN",
       [=] {
         return NiftiBuilder(std::vector<float>(kSide * kSide, nan), {kSide, kSide, 1}).bytes();
       }},
      {"nii zero spacing", "scan.nii", kSpacing, [] { return phantom().spacing(0, 1, 1).bytes(); }},
      {"nii denormal spacing", "scan.nii", kSpacing,
       [] { return phantom().spacing(1, 1e-40f, 1).bytes(); }},
      {"nii NaN spacing", "scan.nii", kSpacing,
       [=] { return phantom().spacing(1, nan, 1).bytes(); }},
      {"mha negative spacing", "scan.mha", kSpacing,
       [] { return metaImage({.spacing = "-1 1 1"}); }},
      {"nrrd zero spacing", "scan.nrrd", kSpacing, [] { return nrrd({.spacing = "0 1 1"}); }},
      {"nii sheared sform", "scan.nii", kDirection,
       [] {
         return phantom().sform({{{1, 0.5f, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}}}).bytes();
       }},
      {"mha sheared direction", "scan.mha", kDirection,
       [] { return metaImage({.direction = "1 0 0 0.5 1 0 0 0 1"}); }},
      {"mha singular direction", "scan.mha", kDirection,
       [] { return metaImage({.direction = "1 0 0 1 0 0 0 0 1"}); }},
      {"nii 4D, 3 volumes", "scan.nii", "4D|volumes",
       [] {
         auto voxels = Phantom::voxels(kSide, kSide, 3);
         return NiftiBuilder(voxels, {kSide, kSide, 1}).dim({4, kSide, kSide, 1, 3}).bytes();
       }},
      {"nii complex64", "scan.nii", "complex",
       [] { return phantom().datatype(NiftiBuilder::kComplex64).bytes(); }},
      {"nii RGB24", "scan.nii", "RGB|colou?r|channel|component",
       [] { return phantom().datatype(NiftiBuilder::kRgb24).bytes(); }},
  };
  return cases;
}

const std::vector<OddImage>& oddImages() {
  const auto int16 = [] { return phantom().datatype(NiftiBuilder::kInt16).bytes(); };
  static const std::vector<OddImage> cases = {
      {"non-square slice 48x80", "scan.nii", {48, 80, 1}, [] { return phantom(48, 80).bytes(); }},
      {"odd slice 63x47", "scan.nii", {63, 47, 1}, [] { return phantom(63, 47).bytes(); }},
      {"one-pixel slice 1x1", "scan.nii", {1, 1, 1}, [] { return phantom(1, 1).bytes(); }},
      {"one-row slice 64x1", "scan.nii", {64, 1, 1}, [] { return phantom(64, 1).bytes(); }},
      {"nii big endian",
       "scan.nii",
       {kSide, kSide, 1},
       [] { return phantom().datatype(NiftiBuilder::kInt16).bigEndian().bytes(); },
       "scan.nii",
       int16},
      {"mha big endian",
       "scan.mha",
       {kSide, kSide, 1},
       [] { return metaImage({.bigEndian = true}); },
       "scan.mha",
       [] { return metaImage({}); }},
      {"nrrd big endian",
       "scan.nrrd",
       {kSide, kSide, 1},
       [] { return nrrd({.bigEndian = true}); },
       "scan.nrrd",
       [] { return nrrd({}); }},
      {"nii int64",
       "scan.nii",
       {kSide, kSide, 1},
       [] { return phantom().datatype(NiftiBuilder::kInt64).bytes(); },
       "scan.nii",
       int16},
      {"png 16 bit",
       "scan.png",
       {kSide, kSide, 1},
       png16,
       "scan.nii",
       [] {
         return NiftiBuilder(sixteenBitVoxels(), {kSide, kSide, 1})
             .datatype(NiftiBuilder::kUInt16)
             .bytes();
       }},
  };
  return cases;
}

QStringList localize(const CaseFolder& folder, const char* file) {
  return {"localize", CaseFolder::arg(folder.in(file)),
          "-o",       CaseFolder::arg(folder.out()),
          "--method", "intensity",
          "-q"};
}

float largestDifference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return std::numeric_limits<float>::infinity();
  float largest = 0;
  for (std::size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
  return largest;
}

}  // namespace

class ImageContentTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void unusableImageIsRefused_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < unusableImages().size(); ++i)
      QTest::newRow(unusableImages()[i].name) << int(i);
  }

  void unusableImageIsRefused() {
    QFETCH(int, index);
    const UnusableImage& unusable = unusableImages()[std::size_t(index)];
    CaseFolder folder;
    folder.write(folder.in(unusable.file), unusable.bytes());
    folder.run(localize(folder, unusable.file));
    const QString problem = folder.refusalProblem(unusable.file, unusable.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void oddImageGivesItsMap_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < oddImages().size(); ++i)
      QTest::newRow(oddImages()[i].name) << int(i);
  }

  void oddImageGivesItsMap() {
    QFETCH(int, index);
    const OddImage& odd = oddImages()[std::size_t(index)];
    CaseFolder folder;
    folder.write(folder.in(odd.file), odd.bytes());
    folder.run(localize(folder, odd.file));
    const QString problem = folder.successProblem();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const ResultMap map(folder.out() / "anomaly_map.nii.gz");
    QVERIFY(map.valid());
    QCOMPARE(map.size(), odd.size);
    QVERIFY(map.allFinite());
    if (!odd.reference) return;
    CaseFolder reference;
    reference.write(reference.in(odd.referenceFile), odd.reference());
    reference.run(localize(reference, odd.referenceFile));
    QVERIFY2(reference.successProblem().isEmpty(), qPrintable(reference.successProblem()));
    const ResultMap expected(reference.out() / "anomaly_map.nii.gz");
    const float difference = largestDifference(map.voxels(), expected.voxels());
    QVERIFY2(difference <= 1e-5f, qPrintable(QString("maps differ by %1").arg(difference)));
  }
};

int runImageContentTest(int argc, char** argv) {
  ImageContentTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ImageContentTest.moc"
