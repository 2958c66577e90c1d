#include "image/DicomMetaGroup.h"

#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace anomadiff {
namespace {

/// A meta group is a few hundred bytes; one longer than this is read as far as it goes.
constexpr std::size_t kBytesRead = 1 << 16;

/// DICOM's value representations (PS3.5 §6.2); the first group has a 32-bit length field.
constexpr std::array<const char*, 13> kLongVrs{"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                               "SV", "UC", "UN", "UR", "UT", "UV"};
constexpr std::array<const char*, 21> kShortVrs{"AE", "AS", "AT", "CS", "DA", "DS", "DT",
                                                "FL", "FD", "IS", "LO", "LT", "PN", "SH",
                                                "SL", "SS", "ST", "TM", "UI", "UL", "US"};

bool isOneOf(const std::string& vr, const auto& list) {
  for (const char* known : list) {
    if (vr == known) return true;
  }
  return false;
}

std::uint32_t littleEndian(const std::string& bytes, std::size_t at, std::size_t count) {
  std::uint32_t value = 0;
  for (std::size_t i = count; i-- > 0;) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  }
  return value;
}

std::string element(const std::string& bytes, std::size_t at) {
  std::ostringstream text;
  text << "(0002," << std::hex;
  text.width(4);
  text.fill('0');
  text << littleEndian(bytes, at + 2, 2) << ")";
  return text.str();
}

std::string printable(const std::string& vr) {
  std::ostringstream text;
  for (unsigned char c : vr) {
    if (c >= 0x20 && c < 0x7f) {
      text << c;
    } else {
      text << "\\x" << std::hex << int(c);
    }
  }
  return text.str();
}

}  // namespace

std::optional<std::string> DicomMetaGroup::problemOf(const std::filesystem::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::string bytes(kBytesRead, '\0');
  stream.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(stream.gcount()));
  const std::uint64_t fileSize = std::filesystem::file_size(file);
  const std::size_t start = bytes.size() >= 132 && bytes.compare(128, 4, "DICM") == 0 ? 132 : 0;
  std::size_t at = start;
  while (at + 8 <= bytes.size() && littleEndian(bytes, at, 2) == 0x0002) {
    const std::string vr = bytes.substr(at + 4, 2);
    const bool longLength = isOneOf(vr, kLongVrs);
    if (!longLength && !isOneOf(vr, kShortVrs)) {
      return "the file meta element " + element(bytes, at) + " has the VR '" + printable(vr) +
             "', which is none of DICOM's";
    }
    if (longLength && at + 12 > bytes.size()) break;
    const std::uint64_t length =
        longLength ? littleEndian(bytes, at + 8, 4) : littleEndian(bytes, at + 6, 2);
    if (length == 0xffffffffu) {
      return "the file meta element " + element(bytes, at) + " has an undefined length";
    }
    const std::uint64_t end = at + (longLength ? 12 : 8) + length;
    // GDCM reads on to the end the group length declares, and asserts when the file ends first.
    const std::uint64_t groupEnd =
        littleEndian(bytes, at + 2, 2) == 0 && vr == "UL" && length == 4 && at + 12 <= bytes.size()
            ? end + littleEndian(bytes, at + 8, 4)
            : end;
    if (end > fileSize || groupEnd > fileSize) {
      return "the file meta element " + element(bytes, at) + " runs past the end of the file";
    }
    at = static_cast<std::size_t>(end);
  }
  // GDCM reads a data element after the group and asserts when the file ends there.
  if (at > start && at + 8 > fileSize)
    return std::string("it has no data set after its file meta group");
  return std::nullopt;
}

}  // namespace anomadiff
