#pragma once
// Private to anomadiff_core.

#include <optional>
#include <string>
#include <vector>

namespace anomadiff {

/// DCMTK reads on past damage that GDCM trips over — an element whose VR is no VR, an element
/// in the file meta header that does not belong there, a tag out of order or twice — and says so
/// only in a warning of its dcmdata logger. While an object of this class lives, the warnings
/// that the current thread's parsing emits are collected here (and never reach the console; the
/// dcmdata logger writes nowhere else); other threads' are not.
class DicomParseWarnings {
 public:
  DicomParseWarnings();
  ~DicomParseWarnings();
  DicomParseWarnings(const DicomParseWarnings&) = delete;
  DicomParseWarnings& operator=(const DicomParseWarnings&) = delete;

  /// The first collected warning that marks such damage, or nothing.
  std::optional<std::string> damage() const;

 private:
  std::vector<std::string> m_messages;
  /// An enclosing collector on this thread: restored afterwards, and handed these warnings.
  std::vector<std::string>* m_outer;
};

}  // namespace anomadiff
