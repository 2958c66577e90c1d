// DICOM series folders that are not one clean stack — a missing slice, two slices at one
// position, a slice turned another way, a slice of another size — must be refused or read with
// a warning that says so, never stacked silently. A clean series of the same slices is the
// control: it must read.
#include "CaseFolder.h"
#include "DicomSliceWriter.h"
#include "Phantom.h"
#include "ResultMap.h"
#include "Suites.h"

#include <QtTest>

#include <cstdint>
#include <cstring>
#include <functional>

using namespace anomadiff::test;

namespace {

constexpr int kSlices = 8;
constexpr double kSliceSpacing = 2.0;

struct BrokenSeries {
  const char* name;
  const char* problem;  ///< what the warning or the error must say (case-insensitive regex)
  /// Changes slice k of the clean series; returns false to leave the slice out.
  std::function<bool(int k, DicomSlice&)> change;
};

/// Writes in/series: the clean 8-slice series with `change` applied to each slice.
void writeSeries(const CaseFolder& folder, const std::function<bool(int, DicomSlice&)>& change) {
  const DicomSliceWriter writer;
  const auto pixels = Phantom::voxels(64, 64);
  for (int k = 0; k < kSlices; ++k) {
    DicomSlice slice;
    slice.position = {0, 0, k * kSliceSpacing};
    slice.instance = k + 1;
    slice.pixels = pixels;
    if (change && !change(k, slice)) continue;
    QVERIFY(writer.write(slice, folder.in("series/slice" + std::to_string(k) + ".dcm")));
  }
}

const std::vector<BrokenSeries>& brokenSeries() {
  static const std::vector<BrokenSeries> cases = {
      {"missing slice", "missing|gap|spacing|uneven", [](int k, DicomSlice&) { return k != 4; }},
      {"duplicate positions", "duplicate|same position",
       [](int k, DicomSlice& slice) {
         if (k == 5) slice.position[2] = 4 * kSliceSpacing;
         return true;
       }},
      {"mixed orientations", "orientation",
       [](int k, DicomSlice& slice) {
         if (k == 5) slice.orientation = {0, 1, 0, 1, 0, 0};
         return true;
       }},
      {"mixed sizes", "size|rows|columns|dimension",
       [](int k, DicomSlice& slice) {
         if (k != 5) return true;
         slice.rows = slice.columns = 32;
         slice.pixels = Phantom::voxels(32, 32);
         return true;
       }},
  };
  return cases;
}

/// A slice file damaged after writing: GDCM scans every file of the folder, so one damaged file
/// aborted the process (a file meta element with a VR that is no VR) or made GDCM allocate what
/// an element declares. DCMTK now parses each file first; the refusal names the file.
struct DamagedSlice {
  const char* name;
  const char* problem;  ///< what the error must say besides the file's name (regex)
  std::function<std::string(std::string)> damage;
};

std::string withMetaElementVr(std::string bytes, const char* vr) {
  const auto at = bytes.find(std::string("\x02\x00\x10\x00UI", 6));
  if (at != std::string::npos) bytes.replace(at + 4, 2, vr);
  return bytes;
}

/// The explicit-VR pixel data element's 32-bit length (after tag, VR and 2 reserved bytes).
std::string withPixelDataLength(std::string bytes, std::uint32_t length) {
  const auto at = bytes.rfind(std::string("\xe0\x7f\x10\x00", 4));
  if (at != std::string::npos) std::memcpy(bytes.data() + at + 8, &length, sizeof length);
  return bytes;
}

/// The explicit-VR US attribute `tag` (4 bytes, little endian) set to `value`.
std::string withUs(std::string bytes, const std::string& tag, std::uint16_t value) {
  const auto at = bytes.find(tag + "US");
  if (at != std::string::npos) std::memcpy(bytes.data() + at + 8, &value, sizeof value);
  return bytes;
}

/// An item delimitation item (fffe,e00d) of length 2 where no item is open, before the pixels:
/// DCMTK ends the data set there and calls it good; GDCM reads on out of step.
std::string withStrayDelimiter(std::string bytes) {
  const auto at = bytes.rfind(std::string("\xe0\x7f\x10\x00", 4));
  if (at != std::string::npos) {
    bytes.insert(at, std::string("\xfe\xff\x0d\xe0\x02\x00\x00\x00\x00\x00", 10));
  }
  return bytes;
}

/// The explicit-VR element `tag` (short length form) taken out.
std::string without(std::string bytes, const std::string& tag) {
  const auto at = bytes.find(tag);
  if (at == std::string::npos) return bytes;
  const std::size_t length = static_cast<unsigned char>(bytes[at + 6]) |
                             static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 7]))
                                 << 8;
  return bytes.erase(at, 8 + length);
}

/// A Recognition Code (0008,0010, retired ACR-NEMA) that is not ACR-NEMA's, before the SOP class.
std::string withRecognitionCode(std::string bytes) {
  const auto at = bytes.find(std::string("\x08\x00\x16\x00UI", 6));
  if (at != std::string::npos)
    bytes.insert(at, std::string("\x08\x00\x10\x00SH\x04\x00", 8) + "1.2 ");
  return bytes;
}

/// `from` replaced by `to` (same length) at its first place.
std::string replaced(std::string bytes, const std::string& from, const std::string& to) {
  const auto at = bytes.find(from);
  if (at != std::string::npos) bytes.replace(at, from.size(), to);
  return bytes;
}

/// The pixel data (the last element) 200 bytes shorter, its length field to match: a file with
/// fewer pixels than its rows and columns announce.
std::string withShortPixelData(std::string bytes) {
  const auto at = bytes.rfind(std::string("\xe0\x7f\x10\x00", 4));
  if (at == std::string::npos || bytes.size() < at + 12 + 200) return bytes;
  std::uint32_t length = 0;
  std::memcpy(&length, bytes.data() + at + 8, sizeof length);
  length -= 200;
  std::memcpy(bytes.data() + at + 8, &length, sizeof length);
  return bytes.substr(0, bytes.size() - 200);
}

const std::vector<DamagedSlice>& damagedSlices() {
  static const std::vector<DamagedSlice> cases = {
      {"file meta element with the VR ZZ", "damaged",
       [](std::string bytes) { return withMetaElementVr(std::move(bytes), "ZZ"); }},
      {"pixel data declaring 2 GB", "damaged",
       [](std::string bytes) { return withPixelDataLength(std::move(bytes), 0x7ffffff0u); }},
      {"slice cut short", "damaged",
       [](std::string bytes) { return bytes.substr(0, bytes.size() - 100); }},
      // GDCM's PixelFormat asserted (abort).
      {"Samples per Pixel 0", "Samples per Pixel is 0",
       [](std::string bytes) {
         return withUs(std::move(bytes), std::string("\x28\x00\x02\x00", 4), 0);
       }},
      // ITK's GDCMImageIO asserted on the 1-bit pixel format (abort).
      {"Bits Allocated 1", "Bits Allocated is 1",
       [](std::string bytes) {
         return withUs(std::move(bytes), std::string("\x28\x00\x00\x01", 4), 1);
       }},
      // GDCM then reads the file as ACR-NEMA and asserts that the code says so (abort).
      {"Recognition Code not ACR-NEMA", "Recognition Code",
       [](std::string bytes) { return withRecognitionCode(std::move(bytes)); }},
      // When positions do not order a series (two at one position), GDCM orders it by Instance
      // Number and crashed (segmentation fault) on a file without one.
      {"no Instance Number", "no Instance Number",
       [](std::string bytes) {
         return without(std::move(bytes), std::string("\x20\x00\x13\x00IS", 6));
       }},
      // GDCM sized its buffer for subsampled colour and read past the pixel data (ASan).
      {"YBR_FULL_422 with one sample per pixel", "Photometric Interpretation",
       [](std::string bytes) {
         return replaced(std::move(bytes), "MONOCHROME2 ", "YBR_FULL_422");
       }},
      // GDCM's raw codec copied rows x columns pixels out of a shorter element (ASan).
      {"pixel data shorter than its rows and columns", "Pixel Data holds",
       [](std::string bytes) { return withShortPixelData(std::move(bytes)); }},
      // DCMTK reads past a VR that is no VR with a warning; GDCM asserted (abort).
      {"a data set element whose VR is no VR", "Non-standard VR",
       [](std::string bytes) {
         return replaced(std::move(bytes), std::string("\x10\x00\x10\x00PN", 6),
                         std::string("\x10\x00\x10\x00\x01\x01", 6));
       }},
      {"stray item delimiter", "ends at byte",
       [](std::string bytes) { return withStrayDelimiter(std::move(bytes)); }},
  };
  return cases;
}

QStringList localize(const CaseFolder& folder) {
  return {"localize", CaseFolder::arg(folder.in("series")),
          "-o",       CaseFolder::arg(folder.out()),
          "--method", "intensity",
          "-q"};
}

}  // namespace

class DicomSeriesTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cleanSeriesIsRead() {
    CaseFolder folder;
    writeSeries(folder, nullptr);
    if (QTest::currentTestFailed()) return;
    folder.run(localize(folder));
    QVERIFY2(folder.successProblem().isEmpty(), qPrintable(folder.successProblem()));
    const ResultMap map(folder.out() / "anomaly_map.nii.gz");
    QCOMPARE(map.size(), (std::array<std::int64_t, 3>{64, 64, kSlices}));
  }

  void brokenSeriesIsNeverStackedSilently_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < brokenSeries().size(); ++i)
      QTest::newRow(brokenSeries()[i].name) << int(i);
  }

  void brokenSeriesIsNeverStackedSilently() {
    QFETCH(int, index);
    const BrokenSeries& broken = brokenSeries()[std::size_t(index)];
    CaseFolder folder;
    writeSeries(folder, broken.change);
    if (QTest::currentTestFailed()) return;
    folder.run(localize(folder));
    const QString problem = folder.warnOrRefuseProblem("series", broken.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void damagedFileIsRefusedByName_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < damagedSlices().size(); ++i)
      QTest::newRow(damagedSlices()[i].name) << int(i);
  }

  void damagedFileIsRefusedByName() {
    QFETCH(int, index);
    const DamagedSlice& damaged = damagedSlices()[std::size_t(index)];
    CaseFolder folder;
    writeSeries(folder, nullptr);
    if (QTest::currentTestFailed()) return;
    const auto slice = folder.in("series/slice3.dcm");
    const std::string clean = CaseFolder::read(slice);
    const std::string bytes = damaged.damage(clean);
    QVERIFY2(bytes != clean, "the damage found nothing to change in the slice file");
    folder.write(slice, bytes);
    folder.run(localize(folder));
    const QString problem = folder.refusalProblem("slice3.dcm", damaged.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  /// GDCM's folder scan parses every file and asserts on some that are not DICOM at all (a
  /// 7-byte text file): such a file is refused by name; hidden files, which GDCM skips, are not.
  void fileBesideTheSeriesIsRefusedByNameUnlessHidden() {
    CaseFolder folder;
    writeSeries(folder, nullptr);
    if (QTest::currentTestFailed()) return;
    folder.write(folder.in("series/.DS_Store"), "IISSIS*");
    folder.run(localize(folder));
    QVERIFY2(folder.successProblem().isEmpty(), qPrintable(folder.successProblem()));
    folder.write(folder.in("series/notes"), "IISSIS*");
    std::filesystem::remove_all(folder.out());
    folder.run(localize(folder));
    const QString problem = folder.refusalProblem("notes", "not a DICOM image.*move it out");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }
};

int runDicomSeriesTest(int argc, char** argv) {
  DicomSeriesTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "DicomSeriesTest.moc"
