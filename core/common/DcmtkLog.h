#pragma once
// Header-only: included by the code that links DCMTK (core/dicom, core/pacs, and core/image's
// DicomFileCheck).

#include <dcmtk/config/osconfig.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace anomadiff {

/// DCMTK logs progress ("I: Requesting Association") and transient states ("E: NumberOfFrames
/// absent" while an object is being built) to the console. Its real failures come back as
/// OFCondition and become our one-line errors, so only fatal ones may reach the console.
inline void quietDcmtkLog() {
  static std::once_flag once;
  std::call_once(once, [] { OFLog::configure(OFLogger::FATAL_LOG_LEVEL); });
}

}  // namespace anomadiff
