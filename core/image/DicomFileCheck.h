#pragma once
// Private to anomadiff_core.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff {

/// Debian 12's GDCM 3.0.21 is built with assertions on, and ITK's GDCMImageIO too: a file meta
/// element whose VR is none of DICOM's, a Samples per Pixel outside 1, 3, 4 or a Bits Allocated
/// of 1 end in a failed assertion, which aborts the process, and a declared value length is
/// allocated before it is read (gigabytes for a few bytes). So every file GDCM is to parse is
/// read first by DCMTK's dcmdata (fuzzed continuously by OSS-Fuzz), which skips values over 4 KiB
/// instead of loading them and reports a damaged or truncated file as an error, and then checked
/// for what DCMTK tolerates but GDCM asserts on. A file that fails never reaches GDCM.
class DicomFileCheck {
 public:
  /// What GDCM is asked to do with the file: parse it while scanning a folder for series, or
  /// also read it as an image (ITK takes its pixel format apart).
  enum class Use { Scanned, ReadAsImage };

  /// Why `file` must not reach GDCM for `use` (DCMTK's words or the attribute's), or nothing.
  static std::optional<std::string> problemOf(const std::filesystem::path& file, Use use);

  /// What each file of a folder holds against being read as an image (by file name), for
  /// `verifySeries`: such files may sit beside a series (an SR, a 1-bit SEG) as long as ITK does
  /// not stack them.
  using ImageProblems = std::map<std::filesystem::path, std::string>;

  /// GDCM's directory scan parses every file of a series folder, not only the series' own, so
  /// each must pass the scan's checks, whatever it is: GDCM asserts on some text and gzip files
  /// too (a 7-byte "IISSIS*"). Hidden files (a name starting with '.') are left out, as GDCM's
  /// scan leaves them. One DCMTK parse per file. Throws IoError naming the folder, the file and
  /// the problem.
  static ImageProblems verifyFolder(const std::filesystem::path& folder);

  /// The files of the series that ITK will stack must be readable images. Throws as
  /// verifyFolder.
  static void verifySeries(const std::filesystem::path& folder,
                           const std::vector<std::string>& files,
                           const ImageProblems& imageProblems);

 private:
  struct Findings {
    std::optional<std::string> againstScan;   ///< GDCM must not even parse the file
    std::optional<std::string> againstImage;  ///< ITK must not read it as an image
  };
  static Findings examine(const std::filesystem::path& file);
};

}  // namespace anomadiff
