// libFuzzer harness: a weights file through SafeTensorsFile::read, the bounded reader every
// model bundle's weights go through before LibTorch sees them. A refusal (anomadiff::Error) is
// the contract for a bad file; any other exception (e.g. a c10::Error from LibTorch) or a
// sanitizer report is a finding. What the reader accepts must survive write and read again
// unchanged: a checkpoint the trainer writes has to load.
#include "FuzzScratch.h"
#include "RefusalLog.h"
#include "common/Error.h"
#include "engine/io/SafeTensorsFile.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

using namespace anomadiff;
using engine::SafeTensors;
using engine::SafeTensorsFile;

[[noreturn]] void roundTripBroken(const std::string& what) {
  std::fprintf(stderr, "SafeTensorsFuzzer: write + read changed %s\n", what.c_str());
  std::abort();
}

bool sameBytes(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
  const auto bytes = static_cast<std::size_t>(a.numel()) * a.element_size();
  // Bytes, not torch::equal: NaN weights must come back as the same NaN.
  return bytes == 0 ||
         std::memcmp(a.contiguous().data_ptr(), b.contiguous().data_ptr(), bytes) == 0;
}

void verifyRoundTrip(const SafeTensors& original) {
  const auto copy = fuzz::FuzzScratch::folder() / "copy.safetensors";
  try {
    SafeTensorsFile::write(copy, original.tensors, original.metadata);
  } catch (const InvalidArgument&) {
    return;  // names the writer refuses by design (empty, "__metadata__")
  }
  SafeTensors again;
  try {
    again = SafeTensorsFile::read(copy);
  } catch (const Error& error) {
    roundTripBroken(std::string("the file into one it refuses: ") + error.what());
  }
  if (again.metadata != original.metadata) roundTripBroken("the metadata");
  if (again.tensors.size() != original.tensors.size()) roundTripBroken("the tensor count");
  for (const auto& [name, tensor] : original.tensors) {
    const auto found = again.tensors.find(name);
    if (found == again.tensors.end() || !sameBytes(tensor, found->second)) {
      roundTripBroken("tensor '" + name + "'");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = fuzz::FuzzScratch::write("weights.safetensors", data, size);
  try {
    verifyRoundTrip(SafeTensorsFile::read(path));
    fuzz::RefusalLog::accepted();
  } catch (const Error& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad file should get
  }
  return 0;
}
