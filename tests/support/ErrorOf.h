#pragma once

#include <QString>

#include <exception>

namespace anomadiff::test {

/// The message of the exception `call` throws, or an empty string when it throws none: lets a
/// test assert what an error says (the file, the field, the value) in one line.
template <typename Call>
QString errorOf(Call call) {
  try {
    call();
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

}  // namespace anomadiff::test
