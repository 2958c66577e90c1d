#pragma once

#include <sstream>
#include <string>

namespace anomadiff {

/// `value` with `digits` significant digits, as DICOM decimal strings (DS, at most 16
/// characters) and SR numeric values take it. One formatter for every DICOM writer: the source
/// series (core/image) and the result objects (core/dicom).
inline std::string decimalString(double value, int digits) {
  std::ostringstream text;
  text.precision(digits);
  text << value;
  return text.str();
}

}  // namespace anomadiff
