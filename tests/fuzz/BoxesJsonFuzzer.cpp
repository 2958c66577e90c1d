// libFuzzer harness: boxes.json text through BoxesJsonFile::fromJson, the reading side the GUI
// uses to open a result folder (and, embedded, a session). A refusal (anomadiff::Error) is the
// contract for a bad file; any other exception or a sanitizer report is a finding. What the
// reader accepts must also write and read back to the same text: the GUI saves what it opened.
#include "RefusalLog.h"
#include "common/Error.h"
#include "report/BoxesJsonFile.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace anomadiff;

[[noreturn]] void roundTripBroken(const std::string& what) {
  std::fprintf(stderr, "BoxesJsonFuzzer: %s\n", what.c_str());
  std::abort();
}

void verifyRoundTrip(const FindingsDocument& document) {
  const BoxesJsonFile file;
  const std::string written = file.toJson(document);
  std::string rewritten;
  try {
    rewritten = file.toJson(file.fromJson(written, "rewritten boxes.json"));
  } catch (const Error& error) {
    roundTripBroken(std::string("the reader refuses what the writer wrote: ") + error.what());
  }
  if (rewritten != written) roundTripBroken("writing what was read back changes the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    verifyRoundTrip(BoxesJsonFile().fromJson(text, "boxes.json"));
    fuzz::RefusalLog::accepted();
  } catch (const Error& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad file should get
  }
  return 0;
}
