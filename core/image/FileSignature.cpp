#include "image/FileSignature.h"

#include <array>
#include <cstring>
#include <fstream>

namespace anomadiff {
namespace {

bool startsWith(const std::string& bytes, const char* prefix, std::size_t offset = 0) {
  const std::size_t length = std::strlen(prefix);
  return bytes.size() >= offset + length && bytes.compare(offset, length, prefix) == 0;
}

}  // namespace

std::string FileSignature::formatOf(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::string bytes(352, '\0');
  stream.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(stream.gcount()));
  if (startsWith(bytes, "\x89PNG")) return "PNG";
  if (startsWith(bytes, "\xFF\xD8\xFF")) return "JPEG";
  if (startsWith(bytes, "\x1F\x8B")) return "gzip-compressed";
  if (startsWith(bytes, "n+1", 344) || startsWith(bytes, "ni1", 344) ||
      startsWith(bytes, "n+2", 4)) {
    return "NIfTI";
  }
  if (startsWith(bytes, "DICM", 128)) return "DICOM";
  if (startsWith(bytes, "NRRD")) return "NRRD";
  if (startsWith(bytes, "ObjectType")) return "MetaImage";
  return "";
}

}  // namespace anomadiff
