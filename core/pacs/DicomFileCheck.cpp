#include "pacs/DicomFileCheck.h"

#include "common/Error.h"

#include <QFile>

namespace anomadiff {

void DicomFileCheck::requireDicom(const QByteArray& bytes, const std::string& what) {
  if (bytes.size() < 132 || bytes.mid(128, 4) != "DICM") {
    throw IoError(what + " is no DICOM file (no DICM marker after the 128-byte preamble)");
  }
}

namespace {

/// The first `bytes` bytes of the file (all of it when negative), checked as DICOM.
QByteArray readChecked(const std::filesystem::path& path, qint64 bytes) {
  QFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::ReadOnly)) {
    throw IoError("cannot read '" + path.string() + "': " + file.errorString().toStdString());
  }
  const QByteArray content = bytes < 0 ? file.readAll() : file.read(bytes);
  DicomFileCheck::requireDicom(content, "'" + path.string() + "'");
  return content;
}

}  // namespace

QByteArray DicomFileCheck::readDicom(const std::filesystem::path& path) {
  return readChecked(path, -1);
}

void DicomFileCheck::requireDicomFile(const std::filesystem::path& path) {
  readChecked(path, 132);  // 128-byte preamble + "DICM"
}

void DicomFileCheck::requireNewFolder(const std::filesystem::path& folder) {
  std::error_code error;
  if (std::filesystem::exists(folder, error)) {
    throw InvalidArgument("'" + folder.string() +
                          "' exists: a series is retrieved into a new folder only");
  }
}

}  // namespace anomadiff
