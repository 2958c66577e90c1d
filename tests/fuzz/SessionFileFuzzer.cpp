// libFuzzer harness: a review session file through SessionFile::fromJson, as the GUI reopens an
// autosaved review. A refusal (anomadiff::Error) is the contract for a bad file; any other
// exception or a sanitizer report is a finding. A session the reader accepts must also save and
// reopen to the same text: the autosaver writes back what was opened.
#include "RefusalLog.h"
#include "common/Error.h"
#include "findings/SessionFile.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace anomadiff;
using gui::Session;
using gui::SessionFile;

[[noreturn]] void roundTripBroken(const std::string& what) {
  std::fprintf(stderr, "SessionFileFuzzer: %s\n", what.c_str());
  std::abort();
}

void verifyRoundTrip(const Session& session) {
  const SessionFile file;
  const std::string written = file.toJson(session);
  std::string rewritten;
  try {
    rewritten = file.toJson(file.fromJson(written, "rewritten session"));
  } catch (const Error& error) {
    roundTripBroken(std::string("the reader refuses what the writer wrote: ") + error.what());
  }
  if (rewritten != written) roundTripBroken("saving what was reopened changes the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    verifyRoundTrip(SessionFile().fromJson(text, "session.json"));
    fuzz::RefusalLog::accepted();
  } catch (const Error& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad file should get
  }
  return 0;
}
