// DicomFileCheck and DicomParseWarnings in process: what DCMTK tolerates only with a warning is
// found, a clean file passes the scan's checks, and one thread's warnings never reach another
// thread's collector (the worker and the GUI read images on several threads at once).
#include "TestFolder.h"
#include "image/DicomFileCheck.h"
#include "image/DicomParseWarnings.h"

#include <QtTest>

#include <cstdint>
#include <fstream>
#include <future>
#include <thread>

using namespace anomadiff;

namespace {

std::string littleEndian(std::uint32_t value, std::size_t bytes) {
  std::string text;
  for (std::size_t i = 0; i < bytes; ++i) text += char((value >> (8 * i)) & 0xff);
  return text;
}

/// Preamble, "DICM", a file meta group (Explicit VR Little Endian), then `dataSet`.
std::string dicomFile(const std::string& dataSet) {
  const std::string syntax = "1.2.840.10008.1.2.1" + std::string(1, '\0');
  const std::string meta = std::string("\x02\x00\x10\x00UI", 6) + littleEndian(20, 2) + syntax;
  const std::string group =
      std::string("\x02\x00\x00\x00UL", 6) + littleEndian(4, 2) + littleEndian(meta.size(), 4);
  return std::string(128, '\0') + "DICM" + group + meta + dataSet;
}

/// (0008,0060) Modality "MR" with the VR `vr`: "CS" is right, "\x01\x01" is no VR at all.
std::string modality(const std::string& vr) {
  return std::string("\x08\x00\x60\x00", 4) + vr + littleEndian(2, 2) + "MR";
}

std::filesystem::path written(const test::TestFolder& folder, const std::string& name,
                              const std::string& bytes) {
  const auto path = folder / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace

class DicomFileCheckTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aCleanFilePassesTheScanButIsNoImage() {
    test::TestFolder folder;
    const auto file = written(folder, "clean.dcm", dicomFile(modality("CS")));
    QVERIFY(!DicomFileCheck::problemOf(file, DicomFileCheck::Use::Scanned));
    const auto asImage = DicomFileCheck::problemOf(file, DicomFileCheck::Use::ReadAsImage);
    QVERIFY(asImage);
    QVERIFY2(asImage->find("Bits Allocated") != std::string::npos, asImage->c_str());
  }

  void aVrThatIsNoVrIsFoundThroughDcmtksWarning() {
    test::TestFolder folder;
    const auto file = written(folder, "bad.dcm", dicomFile(modality("\x01\x01")));
    const auto problem = DicomFileCheck::problemOf(file, DicomFileCheck::Use::Scanned);
    QVERIFY(problem);
    QVERIFY2(problem->find("Non-standard VR") != std::string::npos, problem->c_str());
    QVERIFY2(problem->find('\x01') == std::string::npos, "control bytes reach the message");
  }

  void warningsStayWithTheThreadThatParsed() {
    test::TestFolder folder;
    const auto file = written(folder, "bad.dcm", dicomFile(modality("\x01\x01")));
    const DicomParseWarnings mine;
    std::promise<bool> theirsFound;
    std::thread other([&] {
      const DicomParseWarnings theirs;
      DicomFileCheck::problemOf(file, DicomFileCheck::Use::Scanned);
      theirsFound.set_value(theirs.damage().has_value());
    });
    other.join();
    QVERIFY(theirsFound.get_future().get());
    QVERIFY(!mine.damage());
  }

  void aMetaGroupWithNothingAfterItIsRefused() {
    test::TestFolder folder;
    const auto file = written(folder, "empty.dcm", dicomFile(""));
    const auto problem = DicomFileCheck::problemOf(file, DicomFileCheck::Use::Scanned);
    QVERIFY(problem);
    QVERIFY2(problem->find("no data set") != std::string::npos, problem->c_str());
  }
};

QTEST_GUILESS_MAIN(DicomFileCheckTest)
#include "DicomFileCheckTest.moc"
