#include "image/PayloadCheck.h"

#include "common/Error.h"
#include "image/FileSuffix.h"
#include "image/TextHeaderCheck.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace anomadiff {
namespace {

[[noreturn]] void throwTruncated(const std::filesystem::path& path, std::uint64_t present,
                                 std::uint64_t needed) {
  std::ostringstream message;
  message << "cannot read image '" << path.string() << "': file is truncated (" << present << " of "
          << needed << " data bytes present)";
  throw IoError(message.str());
}

using GzFile = std::unique_ptr<gzFile_s, decltype(&gzclose)>;

/// Where the voxels start, from a NIfTI-1 or NIfTI-2 header in either byte order.
std::uint64_t niftiDataOffset(const std::filesystem::path& path, const unsigned char* header,
                              int length) {
  std::int32_t size = 0;
  std::memcpy(&size, header, 4);
  const bool swapped = size == 0x5C010000 || size == 0x1C020000;
  if (swapped)
    size = static_cast<std::int32_t>(__builtin_bswap32(static_cast<std::uint32_t>(size)));
  if (size == 348 && length >= 348) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, header + 108, 4);
    if (swapped) bits = __builtin_bswap32(bits);
    float offset = 0;
    std::memcpy(&offset, &bits, 4);
    // Converting a NaN, infinite or out-of-range float is undefined behaviour; no file is 2^60
    // bytes, so such a vox_offset is refused before the conversion.
    if (!(offset < 0x1p60f)) {
      throw IoError("cannot read image '" + path.string() + "': its vox_offset " +
                    std::to_string(offset) + " is not a byte position in the file");
    }
    return static_cast<std::uint64_t>(std::max(offset, 352.0f));
  }
  if (size == 540 && length >= 540) {
    std::uint64_t offset = 0;
    std::memcpy(&offset, header + 168, 8);
    return swapped ? __builtin_bswap64(offset) : offset;
  }
  throw IoError("cannot read image '" + path.string() + "': not a NIfTI-1/2 header");
}

}  // namespace

void PayloadCheck::verify(const std::filesystem::path& path, const itk::ImageIOBase& io) {
  const std::uint64_t bytesNeeded = io.GetImageSizeInBytes();
  if (hasSuffix(path, {".nii", ".nii.gz"})) verifyNifti(path, bytesNeeded);
  if (hasSuffix(path, {".mha", ".mhd"})) verifyMetaImage(path, bytesNeeded);
  if (hasSuffix(path, {".nrrd"})) verifyNrrd(path, bytesNeeded);
}

void PayloadCheck::verifyNrrd(const std::filesystem::path& path, std::uint64_t bytesNeeded) {
  // NRRD's own reader fails on a short file too, but with "trouble reading" and no reason.
  std::ifstream stream(path, std::ios::binary);
  std::string line;
  bool raw = false;
  bool detached = false;
  while (std::getline(stream, line) && !line.empty() && line != "\r") {
    if (line.rfind("encoding:", 0) == 0) raw = line.find("raw") != std::string::npos;
    if (line.rfind("data file:", 0) == 0 || line.rfind("datafile:", 0) == 0) detached = true;
  }
  if (!raw || detached || !stream) return;  // compressed or detached data: left to ITK
  const auto start = static_cast<std::uint64_t>(stream.tellg());
  const std::uint64_t size = std::filesystem::file_size(path);
  const std::uint64_t available = size - std::min(start, size);
  if (available < bytesNeeded) throwTruncated(path, available, bytesNeeded);
}

void PayloadCheck::verifyNifti(const std::filesystem::path& path, std::uint64_t bytesNeeded) {
  // gzread reads plain files too, so one path serves .nii and .nii.gz.
  GzFile file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) throw IoError("cannot open image '" + path.string() + "'");
  std::array<unsigned char, 1 << 16> buffer{};
  const int headerBytes = gzread(file.get(), buffer.data(), 540);
  if (headerBytes < 348) throwTruncated(path, 0, bytesNeeded);
  const std::uint64_t offset = niftiDataOffset(path, buffer.data(), headerBytes);
  std::uint64_t total = static_cast<std::uint64_t>(headerBytes);
  if (gzdirect(file.get())) {
    total = std::filesystem::file_size(path);
  } else {
    int count = 0;
    while ((count = gzread(file.get(), buffer.data(), buffer.size())) > 0) total += count;
    // A cut gzip stream ends in an error, not a clean end of file.
    int status = Z_OK;
    gzerror(file.get(), &status);
    if (count < 0 || (status != Z_OK && status != Z_STREAM_END)) {
      throwTruncated(path, total > offset ? total - offset : 0, bytesNeeded);
    }
  }
  // Not `total < offset + bytesNeeded`: a NIfTI-2 offset near 2^64 would wrap the sum.
  if (total < offset || total - offset < bytesNeeded)
    throwTruncated(path, total > offset ? total - offset : 0, bytesNeeded);
}

void PayloadCheck::verifyMetaImage(const std::filesystem::path& path, std::uint64_t bytesNeeded) {
  auto [fields, dataStart] = TextHeaderCheck::metaImageHeader(path);
  const std::string dataFile = fields["ElementDataFile"];
  std::uint64_t available = 0;
  if (dataFile == "LOCAL") {
    const std::uint64_t size = std::filesystem::file_size(path);
    available = size - std::min(dataStart, size);
  } else if (!dataFile.empty() && dataFile.find('%') == std::string::npos && dataFile != "LIST" &&
             fields.count("HeaderSize") == 0) {
    // The error_code forms: a name past NAME_MAX or through a file makes the throwing ones
    // throw std::filesystem::filesystem_error past every caller.
    const auto external = path.parent_path() / dataFile;
    std::error_code error;
    if (!std::filesystem::is_regular_file(external, error)) {
      throw IoError("cannot read image '" + path.string() + "': its data file '" +
                    external.string() + "' " +
                    (error ? "cannot be opened (" + error.message() + ")" : "does not exist"));
    }
    available = std::filesystem::file_size(external, error);
    if (error) available = 0;
  } else {
    return;  // lists, patterns and explicit header sizes: left to ITK
  }
  const bool compressed = fields["CompressedData"] == "True" || fields["CompressedData"] == "true";
  if (compressed) {
    if (fields.count("CompressedDataSize") == 0) return;
    // Not std::stoull: it throws std::invalid_argument past every caller on "abc" or "-".
    const std::string& text = fields["CompressedDataSize"];
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytesNeeded);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw IoError("cannot read image '" + path.string() + "': CompressedDataSize '" + text +
                    "' is not a byte count");
    }
  }
  if (available < bytesNeeded) throwTruncated(path, available, bytesNeeded);
}

}  // namespace anomadiff
