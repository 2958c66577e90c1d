#pragma once

#include <sstream>
#include <string>

namespace anomadiff::dicom {

/// `value` with `digits` significant digits, as DICOM decimal strings (DS, at most 16
/// characters) and SR numeric values take it.
inline std::string decimalString(double value, int digits) {
  std::ostringstream text;
  text.precision(digits);
  text << value;
  return text.str();
}

}  // namespace anomadiff::dicom
