#include "image/DicomFileCheck.h"

#include "common/DcmtkLog.h"
#include "common/Error.h"
#include "image/DicomMetaGroup.h"
#include "image/DicomParseWarnings.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace anomadiff {
namespace {

/// Values longer than this are skipped (their length checked against the file) rather than
/// loaded: the pixel data of a series is read once, by GDCM, not twice.
constexpr Uint32 kMaxLoadedValueBytes = 4096;

/// GDCM's directory scan (gdcm::Directory) skips names that start with a dot (.DS_Store …).
bool isHidden(const std::filesystem::path& file) {
  return file.filename().string().front() == '.';
}

/// A damaged value as the one-line message may show it: printable ASCII, 64 characters at most.
std::string shown(const OFString& value) {
  std::string text(value.c_str(), std::min<std::size_t>(value.size(), 64));
  for (char& c : text) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return text;
}

/// GDCM's PixelFormat asserts on any other Samples per Pixel.
std::optional<std::string> samplesProblem(DcmDataset& data) {
  Uint16 samples = 0;
  if (data.findAndGetUint16(DCM_SamplesPerPixel, samples).bad()) return std::nullopt;
  if (samples == 1 || samples == 3 || samples == 4) return std::nullopt;
  return "Samples per Pixel is " + std::to_string(samples) + " (DICOM allows 1, 3 or 4)";
}

/// ITK converts 8-, 16- and 32-bit samples; on 1-bit ones (or none) its GDCMImageIO asserts.
std::optional<std::string> bitsProblem(DcmDataset& data) {
  Uint16 bits = 0;
  if (data.findAndGetUint16(DCM_BitsAllocated, bits).bad()) {
    return std::string("it has no Bits Allocated, so it holds no image");
  }
  if (bits == 8 || bits == 16 || bits == 32) return std::nullopt;
  return "Bits Allocated is " + std::to_string(bits) + " (8, 16 or 32 are read)";
}

/// A Recognition Code (0008,0010, retired) makes GDCM read the file as ACR-NEMA, and it asserts
/// that the code says so.
std::optional<std::string> recognitionProblem(DcmDataset& data) {
  OFString code;
  if (data.findAndGetOFString(DCM_RETIRED_RecognitionCode, code).bad() || code.empty()) {
    return std::nullopt;
  }
  for (const char* known : {"ACR-NEMA", "ACRNEMA", "MIPS 2.0"}) {
    if (code.compare(0, std::strlen(known), known) == 0) return std::nullopt;
  }
  return "its Recognition Code '" + shown(code) + "' is not ACR-NEMA's";
}

/// When slice positions do not order a series (two at one position), GDCM orders it by Instance
/// Number and dereferences a missing one (a segmentation fault).
std::optional<std::string> instanceNumberProblem(DcmDataset& data) {
  if (!data.tagExists(DCM_PixelData)) return std::nullopt;
  DcmElement* number = nullptr;
  if (data.findAndGetElement(DCM_InstanceNumber, number).good() && number->getLength() > 0) {
    return std::nullopt;
  }
  return std::string("it has no Instance Number");
}

/// Grey (MONOCHROME1/2, one sample) or RGB (three) are read. GDCM sizes its buffers by the
/// interpretation: YBR_FULL_422 with one sample per pixel made it read past the pixel data.
std::optional<std::string> photometricProblem(DcmDataset& data) {
  OFString name;
  Uint16 samples = 1;
  data.findAndGetUint16(DCM_SamplesPerPixel, samples);
  if (data.findAndGetOFString(DCM_PhotometricInterpretation, name).bad()) name = "MONOCHROME2";
  if (samples == 1 && (name == "MONOCHROME1" || name == "MONOCHROME2")) return std::nullopt;
  if (samples == 3 && name == "RGB") return std::nullopt;
  return "its Photometric Interpretation '" + shown(name) + "' with " + std::to_string(samples) +
         " samples per pixel is not read (MONOCHROME1/2 with 1, RGB with 3)";
}

/// GDCM's raw codec copies rows × columns × samples × bytes per sample of every frame out of
/// uncompressed pixel data, whatever its length: a shorter element is read past its end.
std::optional<std::string> pixelDataProblem(DcmDataset& data) {
  Uint16 rows = 0, columns = 0, samples = 1, bits = 0;
  data.findAndGetUint16(DCM_Rows, rows);
  data.findAndGetUint16(DCM_Columns, columns);
  data.findAndGetUint16(DCM_SamplesPerPixel, samples);
  data.findAndGetUint16(DCM_BitsAllocated, bits);
  if (rows == 0 || columns == 0) return std::string("it has no Rows or Columns");
  DcmElement* pixels = nullptr;
  if (data.findAndGetElement(DCM_PixelData, pixels).bad()) {
    return std::string("it has no Pixel Data");
  }
  if (DcmXfer(data.getOriginalXfer()).isEncapsulated()) return std::nullopt;  // the codec checks
  Sint32 frames = 1;
  data.findAndGetSint32(DCM_NumberOfFrames, frames);
  const std::uint64_t needed = std::uint64_t{rows} * columns * samples * (bits / 8) *
                               static_cast<std::uint64_t>(std::max<Sint32>(frames, 1));
  if (pixels->getLength() >= needed) return std::nullopt;
  return "its Pixel Data holds " + std::to_string(pixels->getLength()) + " bytes, " +
         std::to_string(rows) + " x " + std::to_string(columns) + " pixels need " +
         std::to_string(needed);
}

void refuse(const std::filesystem::path& folder, const std::filesystem::path& file,
            const std::string& problem) {
  throw IoError("cannot read DICOM series in '" + folder.string() + "': its file '" +
                file.filename().string() + "' is damaged or not a DICOM image (" + problem +
                "); move it out of the folder");
}

}  // namespace

DicomFileCheck::Findings DicomFileCheck::examine(const std::filesystem::path& file) {
  if (auto problem = DicomMetaGroup::problemOf(file)) return {problem, std::nullopt};
  quietDcmtkLog();
  DcmInputFileStream stream(file.c_str());
  if (stream.status().bad()) return {std::string(stream.status().text()), std::nullopt};
  DcmFileFormat dicom;
  const DicomParseWarnings warnings;
  dicom.transferInit();
  const OFCondition status = dicom.read(stream, EXS_Unknown, EGL_noChange, kMaxLoadedValueBytes);
  dicom.transferEnd();
  if (status.bad()) return {std::string(status.text()), std::nullopt};
  if (auto damage = warnings.damage()) return {"DCMTK: " + *damage, std::nullopt};
  // DCMTK ends a data set at a stray item delimiter and calls it good; GDCM reads on past it,
  // out of step, and allocates whatever length the bytes there seem to declare.
  if (!stream.eos()) {
    return {"the data set ends at byte " + std::to_string(stream.tell()) + " of " +
                std::to_string(std::filesystem::file_size(file)) + " (a stray delimiter?)",
            std::nullopt};
  }
  DcmDataset& data = *dicom.getDataset();
  for (const auto& check : {samplesProblem, recognitionProblem, instanceNumberProblem}) {
    if (auto problem = check(data)) return {problem, std::nullopt};
  }
  for (const auto& check : {bitsProblem, photometricProblem, pixelDataProblem}) {
    if (auto problem = check(data)) return {std::nullopt, problem};
  }
  return {};
}

std::optional<std::string> DicomFileCheck::problemOf(const std::filesystem::path& file, Use use) {
  auto findings = examine(file);
  if (findings.againstScan || use == Use::Scanned) return findings.againstScan;
  return findings.againstImage;
}

DicomFileCheck::ImageProblems DicomFileCheck::verifyFolder(const std::filesystem::path& folder) {
  ImageProblems imageProblems;
  std::optional<std::pair<std::filesystem::path, std::string>> refused;
  std::size_t readable = 0;  // files that pass the scan's checks
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (!entry.is_regular_file(error) || isHidden(entry.path())) continue;
    auto findings = examine(entry.path());
    if (!findings.againstScan) ++readable;
    if (findings.againstScan && !refused) refused.emplace(entry.path(), *findings.againstScan);
    if (findings.againstImage) imageProblems[entry.path().filename()] = *findings.againstImage;
  }
  if (error) throw IoError("cannot list folder '" + folder.string() + "': " + error.message());
  if (refused && readable == 0) {
    // Nothing DICOM at all (a folder of notes): say that first.
    throw IoError("folder '" + folder.string() + "' holds no readable DICOM series (its file '" +
                  refused->first.filename().string() + "': " + refused->second + ")");
  }
  if (refused) refuse(folder, refused->first, refused->second);
  return imageProblems;
}

void DicomFileCheck::verifySeries(const std::filesystem::path& folder,
                                  const std::vector<std::string>& files,
                                  const ImageProblems& imageProblems) {
  for (const auto& file : files) {
    const auto problem = imageProblems.find(std::filesystem::path(file).filename());
    if (problem != imageProblems.end()) refuse(folder, file, problem->second);
  }
}

}  // namespace anomadiff
