#include "image/TextHeaderCheck.h"

#include "common/Error.h"
#include "image/FileSuffix.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace anomadiff {
namespace {

/// The header's field names for one format.
struct Dialect {
  char separator;  // '=' for MetaImage, ':' for NRRD
  const char* dimensions;
  const char* sizes;
  const char* spacings;
  const char* dataFile;
};

constexpr Dialect kMetaImage{'=', "NDims", "DimSize", "ElementSpacing", "ElementDataFile"};
constexpr Dialect kNrrd{':', "dimension", "sizes", "spacings", "data file"};

/// NRRD's own limit (NRRD_DIM_MAX); far above the 3 (+ singleton) axes ImageReader takes.
constexpr long kMaxDimensions = 16;

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& problem) {
  throw IoError("cannot read image '" + path.string() + "': " + problem);
}

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  const auto last = text.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> result;
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

/// MetaIO reads "NDims = -1" as a count of about 2^32 values per array field and loops over the
/// file for minutes; teem stops NRRD at its own limit.
void checkDimensions(const std::filesystem::path& path, const std::string& text) {
  const auto fields = words(text);
  const std::string word = fields.empty() ? std::string() : fields.front();
  char* end = nullptr;
  const long value = std::strtol(word.c_str(), &end, 10);
  if (fields.size() != 1 || !std::isdigit(static_cast<unsigned char>(word.front())) ||
      *end != '\0' || value < 1 || value > kMaxDimensions) {
    refuse(path, "number of dimensions '" + text + "' is not a whole number from 1 to " +
                     std::to_string(kMaxDimensions));
  }
}

/// MetaIO's header parser (MET_Read) reads a key up to '=' or ':' and, after a line with neither,
/// takes the next line for that line's value; it copies a key into 255 bytes and a value into
/// 500 (fortify aborts on the first, the second loops forever). So every MetaImage header line up
/// to ElementDataFile must be a plain "key = value" that fits: then the fields checked here are
/// the ones MetaIO reads.
void checkMetaImageLine(const std::filesystem::path& path, const std::string& line, int number) {
  const std::string where = "header line " + std::to_string(number);
  if (line.size() >= 500) refuse(path, where + " is longer than 499 characters");
  // MetaIO reads a key as a C string: "NDims\0…Offset = 0" is NDims to it and a key of its own to
  // the checks here, and it then sizes its buffers from a dimension count nobody checked.
  const bool control = std::any_of(line.begin(), line.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r';
  });
  if (control) refuse(path, where + " holds a NUL or other control byte");
  const auto equals = line.find('=');
  if (equals == std::string::npos || line.find(':') < equals) {
    refuse(path, where + " is not 'key = value'");
  }
  if (trimmed(line.substr(0, equals)).size() >= 255) {
    refuse(path, where + " has a key of 255 or more characters");
  }
}

/// The header's "key <separator> value" lines up to the data (a blank line ends a NRRD header;
/// the data file field ends a MetaImage one, whose reader skips blank lines), and the byte after
/// the last line read.
struct HeaderFields {
  std::map<std::string, std::string> fields;
  std::uint64_t end = 0;
};

HeaderFields headerFields(const std::filesystem::path& path, const Dialect& dialect) {
  const bool metaImage = &dialect == &kMetaImage;
  std::ifstream stream(path, std::ios::binary);
  HeaderFields header;
  auto& fields = header.fields;
  std::string line;
  int lines = 0;
  const auto position = [&stream] {
    return stream ? static_cast<std::uint64_t>(stream.tellg()) : std::uint64_t{0};
  };
  for (; lines < 200 && std::getline(stream, line); ++lines) {
    if (trimmed(line).empty()) {
      if (metaImage) continue;
      break;
    }
    if (metaImage) checkMetaImageLine(path, line, lines + 1);
    const auto separator = line.find(dialect.separator);
    if (separator == std::string::npos) continue;
    const std::string key = trimmed(line.substr(0, separator));
    // MetaIO's reading of a repeated key differs from the last-one-wins here (fuzzed headers with
    // two CompressedData or ElementDataFile lines made it allocate 2^64 bytes).
    if (metaImage && fields.count(key) > 0) {
      refuse(path, "header line " + std::to_string(lines + 1) + " repeats the key '" + key + "'");
    }
    fields[key] = trimmed(line.substr(separator + 1));
    // Each occurrence: MetaIO sizes the array fields that follow by the latest one.
    if (key == dialect.dimensions) checkDimensions(path, fields[key]);
    if (metaImage && key == dialect.dataFile && fields[key].empty()) {
      refuse(path, "its ElementDataFile is empty (LOCAL or a file name)");
    }
    if (key == dialect.dataFile) {
      header.end = position();
      return header;
    }
  }
  if (metaImage && lines == 200) refuse(path, "no ElementDataFile in the header's first 200 lines");
  // MetaIO corrupted its heap on a header that ends without one (ASan, fuzzed).
  if (metaImage) refuse(path, "the header ends without an ElementDataFile line");
  header.end = position();
  return header;
}

void checkSizes(const std::filesystem::path& path, const std::string& text) {
  for (const auto& word : words(text)) {
    if (word.front() == '-') refuse(path, "negative size " + word + " in the header");
    if (word.find_first_not_of('0') == std::string::npos) {
      refuse(path, "empty image (a size of 0 in the header)");
    }
  }
}

void checkSpacings(const std::filesystem::path& path, const std::string& text, bool nrrd) {
  for (const auto& word : words(text)) {
    // NRRD writes "nan" for an axis without spacing (e.g. a vector axis).
    if (nrrd && lowered(word) == "nan") continue;
    char* end = nullptr;
    const double value = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || *end != '\0' || !std::isfinite(value) || value <= 0.0) {
      refuse(path, "voxel spacing '" + word + "' is not a positive number");
    }
  }
}

/// What MetaIO does with a data file field beyond a plain name, refused where it is unsafe:
/// a %-pattern ("slice%03d.raw 1 20 1") is used as a printf format (a "%s" or "%n" in a file
/// reads or writes memory) and divides by its step (0: SIGFPE); the words of a LIST field are
/// copied into 80-byte buffers without a bound (METAIO_MAX_WORD_SIZE).
void checkMetaImageDataFile(const std::filesystem::path& path, const std::string& name) {
  if (name.find('%') != std::string::npos) {
    refuse(path, "its data file '" + name + "' is a file name pattern, which is not supported");
  }
  if (name.rfind("LIST", 0) != 0) return;
  std::istringstream stream(name);
  for (std::string word; std::getline(stream, word, ' ');) {  // MetaIO splits at spaces only
    if (word.size() >= 80) {
      refuse(path, "its data file field holds a word of " + std::to_string(word.size()) +
                       " characters (MetaImage reads at most 79)");
    }
  }
}

/// A detached data file must lie in the header's folder or below it.
void checkDataFile(const std::filesystem::path& path, const std::string& name) {
  if (name.empty() || name == "LOCAL" || lowered(name) == "list" ||
      name.find('%') != std::string::npos) {
    return;
  }
  const std::filesystem::path file(words(name).empty() ? name : words(name).front());
  bool escapes = file.is_absolute();
  for (const auto& part : file) escapes = escapes || part == "..";
  if (escapes) {
    refuse(path, "its data file '" + file.string() + "' lies outside the header's folder");
  }
}

/// MetaIO reads these fields into arrays sized by NDims (or NDims²) and writes as many values
/// as a line holds: more than that corrupted its heap (fuzzed: "NDims = 1" with three sizes).
void checkMetaImageArrays(const std::filesystem::path& path,
                          const std::map<std::string, std::string>& fields) {
  const auto dimensions = fields.find("NDims");
  if (dimensions == fields.end()) refuse(path, "the header has no NDims line");
  const std::size_t n = std::stoul(dimensions->second);  // checkDimensions: 1..16
  const std::array<std::pair<const char*, std::size_t>, 10> arrays{{{"DimSize", n},
                                                                    {"ElementSpacing", n},
                                                                    {"ElementSize", n},
                                                                    {"Offset", n},
                                                                    {"Position", n},
                                                                    {"Origin", n},
                                                                    {"CenterOfRotation", n},
                                                                    {"TransformMatrix", n * n},
                                                                    {"Rotation", n * n},
                                                                    {"Orientation", n * n}}};
  for (const auto& [key, count] : arrays) {
    const auto field = fields.find(key);
    if (field != fields.end() && words(field->second).size() != count) {
      refuse(path, std::string(key) + " holds " + std::to_string(words(field->second).size()) +
                       " values where NDims = " + std::to_string(n) + " asks " +
                       std::to_string(count));
    }
  }
}

}  // namespace

void TextHeaderCheck::verify(const std::filesystem::path& path) {
  const Dialect* dialect = nullptr;
  if (hasSuffix(path, {".mha", ".mhd"})) dialect = &kMetaImage;
  if (hasSuffix(path, {".nrrd", ".nhdr"})) dialect = &kNrrd;
  if (dialect == nullptr) return;
  const auto fields = headerFields(path, *dialect).fields;
  if (const auto it = fields.find(dialect->sizes); it != fields.end()) checkSizes(path, it->second);
  if (const auto it = fields.find(dialect->spacings); it != fields.end()) {
    checkSpacings(path, it->second, dialect == &kNrrd);
  }
  if (dialect == &kMetaImage) checkMetaImageArrays(path, fields);
  if (const auto it = fields.find(dialect->dataFile); it != fields.end()) {
    if (dialect == &kMetaImage) checkMetaImageDataFile(path, it->second);
    checkDataFile(path, it->second);
  }
}

TextHeaderCheck::MetaImageHeader TextHeaderCheck::metaImageHeader(
    const std::filesystem::path& path) {
  auto header = headerFields(path, kMetaImage);
  return {std::move(header.fields), header.end};
}

}  // namespace anomadiff
