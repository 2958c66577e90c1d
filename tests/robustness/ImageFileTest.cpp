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

#include <cstring>
#include <functional>
#include <limits>

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
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

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

/// `bytes` with the bytes of `value` written over those at `offset`.
template <typename T>
std::string patched(std::string bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
  return bytes;
}

/// Two DICOM elements without the 128-byte preamble: (0008,0005) "ISO_IR 100", then (0008,0016)
/// declaring 0x7FFFFFF0 bytes of value in a 432-byte file.
std::string dicomElementsWithoutPreamble() {
  const char elements[] =
      "\x08\x00\x05\x00"
      "CS\x10\x00"
      "ISO_IR 100      "
      "\x08\x00\x16\x00\xf0\xff\xff\x7f";
  return std::string(elements, sizeof elements - 1) + std::string(400, '\0');
}

/// A DICOM file (preamble, "DICM"): its file meta group, with `syntaxVr` as the transfer
/// syntax's VR, then `dataSet`.
std::string dicomFile(const std::string& syntaxVr, const std::string& dataSet) {
  const std::string version("\x02\x00\x01\x00OB\x00\x00\x02\x00\x00\x00\x00\x01", 14);
  const std::string syntax = std::string("\x02\x00\x10\x00", 4) + syntaxVr +
                             std::string("\x14\x00", 2) + "1.2.840.10008.1.2.1" +
                             std::string(1, '\0');
  const std::string meta = version + syntax;
  std::string group("\x02\x00\x00\x00UL\x04\x00", 8);
  group += patched(std::string(4, '\0'), 0, std::uint32_t(meta.size()));
  return std::string(128, '\0') + "DICM" + group + meta + dataSet;
}

/// GDCM 3.0.21 fails an assertion (gdcmFileMetaInformation.cxx:436) on a meta element with the VR
/// "ZZ", and (…:375) on a file that ends right after its meta group; both abort the process.
std::string dicomWithDamagedMetaElement() {
  return dicomFile("ZZ", std::string("\x08\x00\x60\x00CS\x02\x00MR", 10));
}

/// metaImage() with its "NDims = 3" line forged, after a blank line when `afterBlankLine`.
std::string metaImageWithDimensions(const std::string& dimensions, bool afterBlankLine = false) {
  std::string bytes = metaImage({});
  const std::string field = "NDims = 3";
  bytes.replace(bytes.find(field), field.size(),
                std::string(afterBlankLine ? "\n" : "") + "NDims = " + dimensions);
  return bytes;
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
      // Found by the fuzzers (tests/fuzz). A NaN vox_offset was converted to an integer
      // (undefined behaviour); ITK's vnl_svd aborts on a NaN in the qform or sform, and a header
      // whose sizeof_hdr is not 348 skipped the NIfTI checks, though nifticlib reads it by its
      // magic. MetaIO loops for minutes over "NDims = -1" (also after a blank line, where the
      // header check used to stop). ITK 5.2 lets libpng abort the process on a PNG cut inside
      // its header.
      {"nii vox_offset NaN", "scan.nii", "vox_offset",
       [](F f) { f.write(f.in("scan.nii"), patched(niftiSlice(), 108, kNaN)); }},
      {"nii qform NaN", "scan.nii", "qform",
       [](F f) { f.write(f.in("scan.nii"), patched(niftiSlice(), 256, kNaN)); }},
      // ITK's vnl_svd loops for minutes on this finite but absurd offset.
      {"nii sform offset -2.7e38", "scan.nii", "sform",
       [](F f) {
         f.write(f.in("scan.nii"), NiftiBuilder(Phantom::voxels(kSide, kSide), {kSide, kSide, 1})
                                       .sform({{{-1, 0, 0, -2.7e38f}, {0, 1, 0, 0}, {0, 0, 1, 0}}})
                                       .bytes());
       }},
      {"nii sizeof_hdr forged, sform NaN", "scan.nii", "sizeof_hdr",
       [](F f) {
         const std::string nifti = NiftiBuilder(Phantom::voxels(kSide, kSide), {kSide, kSide, 1})
                                       .sform({{{kNaN, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}}})
                                       .bytes();
         f.write(f.in("scan.nii"), patched(nifti, 0, std::int32_t{0x4000015E}));
       }},
      // Read as NIfTI-2 by its sizeof_hdr, the NIfTI-1 fields give vnl_svd NaNs (abort).
      {"nii claiming NIfTI-2, cut at 400 bytes", "scan.nii", "NIfTI-2 header is truncated",
       [](F f) {
         f.write(f.in("scan.nii"), patched(niftiSlice(), 0, std::int32_t{540}).substr(0, 400));
       }},
      // Fuzz find: spacings that float makes 0 turn ITK's direction matrix into NaN (abort).
      {"nii claiming NIfTI-2, denormal spacing", "scan.nii", "spacing",
       [](F f) {
         const std::string nifti2 =
             patched(patched(niftiSlice(), 0, std::int32_t{540}), 16, std::int64_t{3});
         f.write(f.in("scan.nii"), patched(nifti2, 112, 5e-312));
       }},
      {"nii claiming NIfTI-2, dim[0] 0", "scan.nii", "dim\\[0\\]",
       [](F f) { f.write(f.in("scan.nii"), patched(niftiSlice(), 0, std::int32_t{540})); }},
      {"mha negative NDims", "scan.mha", "dimensions",
       [](F f) { f.write(f.in("scan.mha"), metaImageWithDimensions("-1")); }},
      {"mha negative NDims after a blank line", "scan.mha", "dimensions",
       [](F f) { f.write(f.in("scan.mha"), metaImageWithDimensions("-1", true)); }},
      // MetaIO uses a pattern as a printf format and divides by its step (0 here: SIGFPE).
      {"mha data file pattern", "scan.mha", "pattern",
       [](F f) { f.write(f.in("scan.mha"), metaImage({.dataFile = "scan%d.raw 1 1 0"})); }},
      // MetaIO reads the key up to the NUL ("NDims"), the check read another key: the fuzzer
      // found heap overflows in MetaIO's element reading after such a line.
      {"mha header line with a NUL byte", "scan.mha", "NUL",
       [](F f) {
         std::string bytes = metaImage({});
         bytes.replace(bytes.find("NDims = 3"), 9, std::string("NDims\0\0 = 3", 11));
         f.write(f.in("scan.mha"), bytes);
       }},
      // MetaIO then allocated 2^64 bytes for the payload (ASan: allocation-size-too-big).
      {"mha ElementDataFile empty", "scan.mha", "ElementDataFile is empty",
       [](F f) { f.write(f.in("scan.mha"), metaImage({.dataFile = ""})); }},
      {"mha header without ElementDataFile", "scan.mha", "without an ElementDataFile",
       [](F f) {
         const std::string bytes = metaImage({});
         f.write(f.in("scan.mha"), bytes.substr(0, bytes.find("ElementDataFile")));
       }},
      {"mha DimSize with more values than NDims", "scan.mha", "DimSize holds 4 values",
       [](F f) { f.write(f.in("scan.mha"), metaImage({.size = "48 48 1 1"})); }},
      {"mha key repeated", "scan.mha", "repeats the key 'NDims'",
       [](F f) {
         std::string bytes = metaImage({});
         bytes.replace(bytes.find("NDims = 3"), 9, "NDims = 3\nNDims = 3");
         f.write(f.in("scan.mha"), bytes);
       }},
      // MetaIO copies each LIST word into an 80-byte buffer without a bound.
      {"mha LIST word of 100 characters", "scan.mha", "79",
       [](F f) {
         f.write(f.in("scan.mha"), metaImage({.dataFile = "LIST " + std::string(100, 'a')}));
       }},
      // GDCM, asked by ITK whether it can read any file, allocated the 2 GB this DICOM element
      // without a preamble declares (16 s, 2.1 GB); a file named as another format never
      // reaches it.
      {"nii holding a DICOM element of 2 GB", "scan.nii", "not a NIfTI|corrupt",
       [](F f) { f.write(f.in("scan.nii"), dicomElementsWithoutPreamble()); }},
      // With DICOM's preamble GDCM asserted on the damaged file meta group (abort).
      {"mha holding a damaged DICOM file", "scan.mha", "DICOM data under another format",
       [](F f) {
         f.write(f.in("scan.mha"),
                 std::string(128, '\0') + "DICM" + dicomElementsWithoutPreamble());
       }},
      // GDCM aborted on it (an assertion); DCMTK now parses every file GDCM would see first.
      {"dcm with a damaged file meta element", "scan.dcm", "damaged.*VR 'ZZ'",
       [](F f) { f.write(f.in("scan.dcm"), dicomWithDamagedMetaElement()); }},
      {"dcm that ends after its file meta group", "scan.dcm", "no data set",
       [](F f) { f.write(f.in("scan.dcm"), dicomFile("UI", "")); }},
      // A file without an image format's name reached GDCM, which allocated the 2 GB.
      {"file without extension holding a DICOM element of 2 GB", "scan", "not a NIfTI|corrupt",
       [](F f) { f.write(f.in("scan"), dicomElementsWithoutPreamble()); }},
      {"png cut in its header", "scan.png", "PNG",
       [](F f) { f.write(f.in("scan.png"), pngSlice().substr(0, 40)); }},
      // libpng allocates the 1.8 GB this chunk claims before it finds the file ends.
      {"png chunk longer than the file", "scan.png", "chunk.*claims",
       [](F f) { f.write(f.in("scan.png"), patched(pngSlice(), 33, std::uint32_t{0x64616d6f})); }},
      {"mhd data file missing", "scan.mhd", "missing\\.raw",
       [](F f) { headerPointingAt(f, "missing.raw"); }},
      // std::filesystem::exists threw past every caller on a name longer than NAME_MAX.
      {"mhd data file name of 300 characters", "scan.mhd", "cannot be opened",
       [](F f) { headerPointingAt(f, std::string(300, 'a') + ".raw"); }},
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
