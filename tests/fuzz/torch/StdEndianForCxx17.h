// Force-included into SafeTensorsFile.cpp in the fuzz tree, which compiles it as C++17 (see
// LibTorch in tests/fuzz/CMakeLists.txt): the file's only C++20 need is std::endian, which
// libstdc++'s <bit> declares from C++20 on. Same names and values as C++20's.
#pragma once

#include <bit>

#if __cplusplus < 202002L
namespace std {
enum class endian {
  little = __ORDER_LITTLE_ENDIAN__,
  big = __ORDER_BIG_ENDIAN__,
  native = __BYTE_ORDER__
};
}  // namespace std
#endif
