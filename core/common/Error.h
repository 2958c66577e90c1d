#pragma once

#include <stdexcept>
#include <string>

namespace anomadiff {

/// Root of every error the project throws on purpose. what() is one line that names the problem
/// (the file, the parameter and its bad value) so the CLI can print it as it is.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An image or model file could not be read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

/// A parameter or an input is outside what the method accepts (e.g. L > T, NaN voxels).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

/// A running job was cancelled through its CancelToken.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace anomadiff
