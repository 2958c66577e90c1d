#include "run/SliceRange.h"

#include "common/Error.h"

#include <charconv>
#include <string_view>

namespace anomadiff::run {
namespace {

std::size_t parseBound(std::string_view text, const std::string& whole) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw InvalidArgument("slice range '" + whole + "' is not A:B with whole numbers A < B");
  }
  return value;
}

}  // namespace

SliceRange SliceRange::parse(const std::string& text, std::size_t available,
                             const std::string& axisName) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    throw InvalidArgument("slice range '" + text + "' is not A:B with whole numbers A < B");
  }
  const SliceRange range{parseBound(std::string_view(text).substr(0, colon), text),
                         parseBound(std::string_view(text).substr(colon + 1), text)};
  if (range.begin >= range.end) {
    throw InvalidArgument("slice range '" + text + "' is empty (A must be below B)");
  }
  if (range.end > available) {
    throw InvalidArgument("slice range '" + text + "' is outside the volume's " +
                          std::to_string(available) + " slices along " + axisName);
  }
  return range;
}

}  // namespace anomadiff::run
