#pragma once

#include <cstddef>
#include <string>

namespace anomadiff::run {

/// "A:B" on the command line: slices A <= k < B along one axis.
struct SliceRange {
  std::size_t begin = 0;
  std::size_t end = 0;  ///< exclusive

  /// Throws InvalidArgument for text that is not A:B with whole numbers A < B, or B beyond the
  /// `available` slices along `axisName`.
  static SliceRange parse(const std::string& text, std::size_t available,
                          const std::string& axisName);
};

}  // namespace anomadiff::run
