#include "image/DicomSeriesCheck.h"

#include "common/Error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <vector>

namespace anomadiff {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& folder, const std::string& problem) {
  throw IoError("cannot stack the DICOM series in '" + folder.string() + "': " + problem);
}

/// The numbers of a multi-valued attribute ("a\b\c"); empty when one does not parse.
std::vector<double> numbers(const std::string& text) {
  std::vector<double> values;
  std::istringstream stream(text);
  for (std::string item; std::getline(stream, item, '\\');) {
    char* end = nullptr;
    const double value = std::strtod(item.c_str(), &end);
    if (end == item.c_str()) return {};
    values.push_back(value);
  }
  return values;
}

std::string formatted(double value) {
  std::ostringstream text;
  text.precision(3);
  text << value;
  return text.str();
}

void checkSizesAndOrientations(const std::filesystem::path& folder, const DicomSource& source) {
  const auto& first = source.slices.front();
  const auto orientation = numbers(first.imageOrientation);
  for (const auto& slice : source.slices) {
    if (slice.rows != first.rows || slice.columns != first.columns) {
      refuse(folder, "it mixes slice sizes (" + std::to_string(first.columns) + "x" +
                         std::to_string(first.rows) + " and " + std::to_string(slice.columns) +
                         "x" + std::to_string(slice.rows) + ")");
    }
    const auto other = numbers(slice.imageOrientation);
    bool same = other.size() == orientation.size();
    for (std::size_t i = 0; same && i < other.size(); ++i) {
      same = std::abs(other[i] - orientation[i]) < 1e-3;
    }
    if (!same) refuse(folder, "it mixes slice orientations");
  }
}

/// Each slice's position along the normal of the first slice's orientation.
std::vector<double> depths(const DicomSource& source) {
  const auto o = numbers(source.slices.front().imageOrientation);
  if (o.size() != 6) return {};
  const std::array<double, 3> normal{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5],
                                     o[0] * o[4] - o[1] * o[3]};
  std::vector<double> result;
  for (const auto& slice : source.slices) {
    const auto p = numbers(slice.imagePosition);
    if (p.size() != 3) return {};
    result.push_back(p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2]);
  }
  return result;
}

void checkSpacing(const std::filesystem::path& folder, const DicomSource& source) {
  auto along = depths(source);
  if (along.size() < 2) return;
  std::sort(along.begin(), along.end());
  std::vector<double> steps;
  for (std::size_t k = 1; k < along.size(); ++k) steps.push_back(along[k] - along[k - 1]);
  std::vector<double> sorted = steps;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double typical = sorted[sorted.size() / 2];
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (steps[k] < 1e-3) {
      refuse(folder, "two slices lie at the same position (" + formatted(along[k]) +
                         " mm along the normal): duplicate slices");
    }
  }
  for (double step : steps) {
    if (step > 1.5 * typical) {
      refuse(folder, "uneven slice spacing: a gap of " + formatted(step) +
                         " mm where the others are " + formatted(typical) +
                         " mm (a missing slice?)");
    }
  }
}

}  // namespace

void DicomSeriesCheck::verify(const std::filesystem::path& folder, const DicomSource& source,
                              std::size_t seriesFiles) {
  if (source.slices.empty()) return;
  if (seriesFiles > source.slices.size()) {
    refuse(folder, "only " + std::to_string(source.slices.size()) + " of its " +
                       std::to_string(seriesFiles) +
                       " files share one slice size and acquisition (mixed sizes)");
  }
  checkSizesAndOrientations(folder, source);
  checkSpacing(folder, source);
}

}  // namespace anomadiff
