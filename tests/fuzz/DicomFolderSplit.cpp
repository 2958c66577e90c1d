#include "DicomFolderSplit.h"

namespace anomadiff::fuzz {

std::vector<std::string_view> DicomFolderSplit::split(std::string_view input) {
  std::vector<std::string_view> files;
  while (files.size() + 1 < kMaxFiles) {
    const auto at = input.find(kSeparator);
    if (at == std::string_view::npos) break;
    files.push_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  files.push_back(input);
  return files;
}

std::string DicomFolderSplit::join(const std::vector<std::string>& files) {
  std::string joined;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i > 0) joined += kSeparator;
    joined += files[i];
  }
  return joined;
}

}  // namespace anomadiff::fuzz
