#pragma once

#include <QByteArray>

#include <filesystem>
#include <string>

namespace anomadiff {

/// The checks around moving DICOM files to and from a PACS: everything is checked before the
/// first byte is sent or written, so a bad file stores nothing and a retrieve never writes into
/// a folder that holds something else.
class DicomFileCheck {
 public:
  /// Throws IoError when `bytes` are no DICOM Part 10 file ("DICM" after the 128-byte
  /// preamble); `what` names them.
  static void requireDicom(const QByteArray& bytes, const std::string& what);
  /// The file's bytes; throws IoError naming the file when it is unreadable or no DICOM file.
  static QByteArray readDicom(const std::filesystem::path& path);
  /// Reads only the preamble and marker: for a store that sends the file itself (DIMSE).
  /// Throws IoError naming the file when it is unreadable or no DICOM file.
  static void requireDicomFile(const std::filesystem::path& path);
  /// Throws InvalidArgument when `folder` exists: a retrieve writes a new folder only.
  static void requireNewFolder(const std::filesystem::path& folder);
};

}  // namespace anomadiff
