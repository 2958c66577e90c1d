#include "image/DicomUid.h"

#include <random>

namespace anomadiff {

std::string DicomUid::generate() {
  static std::random_device entropy;
  unsigned __int128 value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 32) | entropy();
  std::string digits;
  do {
    digits.insert(digits.begin(), char('0' + int(value % 10)));
    value /= 10;
  } while (value != 0);
  return "2.25." + digits;
}

}  // namespace anomadiff
