// libFuzzer harness: a folder of up to three DICOM files (DicomFolderSplit) through
// ImageReader, as `localize` and the GUI open a DICOM series folder: GDCM's parser, ITK's series
// sorting, DicomSourceReader and DicomSeriesCheck. A refusal (anomadiff::Error) is the contract;
// any other exception, a sanitizer report or an image that breaks ReadImageCheck is a finding.
#include "DicomFolderSplit.h"
#include "FuzzScratch.h"
#include "ReadImageCheck.h"
#include "RefusalLog.h"
#include "common/Error.h"
#include "image/ImageReader.h"

#include <string>

namespace {

using namespace anomadiff;

// See ImageFileFuzzer.cpp.
constexpr std::size_t kMemoryBudgetBytes = std::size_t{64} << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto folder = fuzz::FuzzScratch::emptyFolder("series");
  const auto files =
      fuzz::DicomFolderSplit::split(std::string_view(reinterpret_cast<const char*>(data), size));
  for (std::size_t i = 0; i < files.size(); ++i) {
    fuzz::FuzzScratch::write("series/slice" + std::to_string(i) + ".dcm", files[i]);
  }
  try {
    fuzz::ReadImageCheck::verify(ImageReader(kMemoryBudgetBytes).read(folder));
    fuzz::RefusalLog::accepted();
  } catch (const Error& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad folder should get
  }
  return 0;
}
