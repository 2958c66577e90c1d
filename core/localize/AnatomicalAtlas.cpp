#include "localize/AnatomicalAtlas.h"

#include "common/Error.h"
#include "preprocess/AffineTransform.h"

#include <cmath>
#include <optional>
#include <sstream>

namespace anomadiff {
namespace {

/// "index<TAB>name<TAB>..." or "index name ...": the label and its name, or nothing.
std::optional<std::pair<int, std::string>> namesEntry(const std::string& line) {
  const auto tab = line.find('\t');
  std::istringstream fields(tab == std::string::npos ? line : line.substr(0, tab));
  int label = 0;
  if (!(fields >> label)) return std::nullopt;
  std::string name;
  if (tab == std::string::npos) {
    fields >> name;
  } else {
    std::string rest;
    if (fields >> rest) return std::nullopt;  // more than an index before the tab
    const auto end = line.find('\t', tab + 1);
    name = line.substr(tab + 1, end == std::string::npos ? std::string::npos : end - tab - 1);
  }
  if (name.find_first_not_of(' ') == std::string::npos) return std::nullopt;
  return std::make_pair(label, name);
}

}  // namespace

AnatomicalAtlas::AnatomicalAtlas(std::string name, Image labels, std::map<int, std::string> names)
    : m_name(std::move(name)), m_labels(std::move(labels)), m_names(std::move(names)) {
  if (m_labels.geometry().is2D()) {
    throw InvalidArgument("atlas '" + m_name + "' is a 2D image, not a label volume");
  }
  if (m_names.empty()) throw InvalidArgument("atlas '" + m_name + "' names no label");
  const auto toIndex = preprocess::AffineTransform::indexToPhysical(m_labels.geometry()).inverse();
  for (std::size_t row = 0; row < 3; ++row) {
    for (std::size_t column = 0; column < 3; ++column) {
      m_physicalToIndex[row * 4 + column] = toIndex.matrix()[row * 3 + column];
    }
    m_physicalToIndex[row * 4 + 3] = toIndex.translation()[row];
  }
}

std::map<int, std::string> AnatomicalAtlas::parseNames(const std::string& text,
                                                       const std::string& origin) {
  std::map<int, std::string> names;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    const auto entry = namesEntry(line);
    if (!entry) {
      throw IoError("atlas names file '" + origin + "' line " + std::to_string(number) +
                    " is not 'index name': '" + line + "'");
    }
    names[entry->first] = entry->second;
  }
  return names;
}

int AnatomicalAtlas::labelAt(const std::array<double, 3>& point) const {
  const auto& size = m_labels.geometry().size;
  std::array<std::size_t, 3> index{};
  for (std::size_t row = 0; row < 3; ++row) {
    const double* m = &m_physicalToIndex[row * 4];
    const double continuous = m[0] * point[0] + m[1] * point[1] + m[2] * point[2] + m[3];
    const double nearest = std::floor(continuous + 0.5);
    if (nearest < 0.0 || nearest >= double(size[row])) return 0;
    index[row] = std::size_t(nearest);
  }
  return int(std::lround(m_labels.at(index[0], index[1], index[2])));
}

std::string AnatomicalAtlas::nameOf(int label) const {
  const auto found = m_names.find(label);
  return label == 0 || found == m_names.end() ? std::string() : found->second;
}

}  // namespace anomadiff
