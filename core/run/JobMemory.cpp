#include "run/JobMemory.h"

#include "common/Error.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace anomadiff::run {
namespace {

std::string gibText(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f GiB", bytes / double(std::size_t{1} << 30));
  return text;
}

}  // namespace

std::size_t JobMemory::defaultBudget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long pageSize = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0) return std::size_t{8} << 30;  // unknown: a modest desktop
  return static_cast<std::size_t>(pages) / 4 * 3 * static_cast<std::size_t>(pageSize);
}

std::size_t JobMemory::estimate(const ImageHeader& header) {
  // In double: a forged header's product must not wrap around to a small number.
  const auto& size = header.geometry.size;
  const double voxels = double(size[0]) * double(size[1]) * double(size[2]);
  const double bytes = voxels * kBytesPerVoxel + double(kBaseBytes);
  return bytes >= 1.8e19 ? SIZE_MAX : static_cast<std::size_t>(bytes);
}

void JobMemory::require(const std::filesystem::path& input, const ImageHeader& header,
                        std::size_t budget) {
  const bool defaulted = budget == 0;
  if (defaulted) budget = defaultBudget();
  const std::size_t need = estimate(header);
  if (need <= budget) return;
  const auto& size = header.geometry.size;
  throw InvalidArgument("input '" + input.string() + "' of " + std::to_string(size[0]) + "x" +
                        std::to_string(size[1]) + "x" + std::to_string(size[2]) +
                        " voxels needs about " + gibText(double(need)) +
                        " to localize, over the memory budget of " + gibText(double(budget)) +
                        (defaulted ? " (3/4 of this machine's memory; --memory-budget to change it)"
                                   : " (--memory-budget)"));
}

}  // namespace anomadiff::run
