// libFuzzer harness: the worker's JSON-lines protocol in both directions. Each line of the input
// is decoded as a request (what `anomadiff-cli worker` reads from the GUI) and as an event (what
// the GUI reads from the worker). decodeRequest refuses with RequestError (an anomadiff::Error)
// and decodeEvent with std::nullopt; anything else thrown or a sanitizer report is a finding.
// What either side accepts must encode and decode again to the same line: the GUI and the
// worker only ever see each other's encodings.
#include "RefusalLog.h"
#include "common/Error.h"
#include "protocol/WorkerEvent.h"
#include "protocol/WorkerRequest.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace anomadiff;
using namespace anomadiff::protocol;

[[noreturn]] void roundTripBroken(const char* what, const std::string& line) {
  std::fprintf(stderr, "WorkerProtocolFuzzer: %s\n  line: %s\n", what, line.c_str());
  std::abort();
}

void checkRequest(const std::string& line) {
  WorkerRequest request;
  try {
    request = decodeRequest(line);
  } catch (const RequestError& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad request gets
    return;
  }
  const std::string encoded = encodeRequest(request);
  try {
    if (encodeRequest(decodeRequest(encoded)) != encoded) {
      roundTripBroken("a request changes when encoded and decoded again", line);
    }
  } catch (const RequestError&) {
    roundTripBroken("the worker refuses a request as the GUI encodes it", line);
  }
}

void checkEvent(const std::string& line) {
  const auto event = decodeEvent(line);
  if (!event) {
    fuzz::RefusalLog::note("not an event of this protocol");
    return;  // not an event of this protocol: the GUI ignores the line
  }
  const std::string encoded = encodeEvent(*event);
  const auto again = decodeEvent(encoded);
  if (!again) roundTripBroken("the GUI ignores an event as the worker encodes it", line);
  if (encodeEvent(*again) != encoded) {
    roundTripBroken("an event changes when encoded and decoded again", line);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    const auto end = input.find('\n');
    const std::string line(input.substr(0, end));
    checkRequest(line);
    checkEvent(line);
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
