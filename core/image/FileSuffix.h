#pragma once
// Private to anomadiff_core.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <initializer_list>
#include <string>

namespace anomadiff {

/// Whether the file name ends in one of `suffixes` (lower case, e.g. ".nii.gz"), ignoring case:
/// the readers and their checks pick a format's rules by name.
inline bool hasSuffix(const std::filesystem::path& path,
                      std::initializer_list<const char*> suffixes) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return std::any_of(suffixes.begin(), suffixes.end(), [&](const std::string& suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  });
}

}  // namespace anomadiff
