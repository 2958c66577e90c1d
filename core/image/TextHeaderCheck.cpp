#include "image/TextHeaderCheck.h"

#include "common/Error.h"
#include "image/FileSuffix.h"

#include <algorithm>
#include <cmath>
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
  const char* sizes;
  const char* spacings;
  const char* dataFile;
};

constexpr Dialect kMetaImage{'=', "DimSize", "ElementSpacing", "ElementDataFile"};
constexpr Dialect kNrrd{':', "sizes", "spacings", "data file"};

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

/// The header's "key <separator> value" lines up to the data (a blank line ends a NRRD header;
/// the data file field ends a MetaImage one).
std::map<std::string, std::string> headerFields(const std::filesystem::path& path,
                                                const Dialect& dialect) {
  std::ifstream stream(path, std::ios::binary);
  std::map<std::string, std::string> fields;
  std::string line;
  for (int lines = 0; lines < 200 && std::getline(stream, line); ++lines) {
    if (trimmed(line).empty()) break;
    const auto separator = line.find(dialect.separator);
    if (separator == std::string::npos) continue;
    const std::string key = trimmed(line.substr(0, separator));
    fields[key] = trimmed(line.substr(separator + 1));
    if (key == dialect.dataFile) break;
  }
  return fields;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> result;
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
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

}  // namespace

void TextHeaderCheck::verify(const std::filesystem::path& path) {
  const Dialect* dialect = nullptr;
  if (hasSuffix(path, {".mha", ".mhd"})) dialect = &kMetaImage;
  if (hasSuffix(path, {".nrrd", ".nhdr"})) dialect = &kNrrd;
  if (dialect == nullptr) return;
  const auto fields = headerFields(path, *dialect);
  if (const auto it = fields.find(dialect->sizes); it != fields.end()) checkSizes(path, it->second);
  if (const auto it = fields.find(dialect->spacings); it != fields.end()) {
    checkSpacings(path, it->second, dialect == &kNrrd);
  }
  if (const auto it = fields.find(dialect->dataFile); it != fields.end()) {
    checkDataFile(path, it->second);
  }
}

}  // namespace anomadiff
