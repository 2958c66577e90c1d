// libFuzzer harness: one image file, of the format this build names (ANOMADIFF_FUZZ_SUFFIX:
// ".nii", ".nii.gz", ".mha", ".nrrd", ".png"), through ImageReader as `localize` and the GUI
// open it. A refusal (anomadiff::Error) is the contract for a bad file; any other exception, a
// sanitizer report or an image that breaks ReadImageCheck is a finding.
#include "FuzzScratch.h"
#include "ReadImageCheck.h"
#include "RefusalLog.h"
#include "common/Error.h"
#include "image/ImageReader.h"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#if !defined(ANOMADIFF_FUZZ_SUFFIX) || !defined(ANOMADIFF_FUZZ_GZIP)
#error "tests/fuzz/CMakeLists.txt defines ANOMADIFF_FUZZ_SUFFIX and ANOMADIFF_FUZZ_GZIP"
#endif

namespace {

using namespace anomadiff;

// Far above every seed, far below libFuzzer's -rss_limit_mb: a forged size is refused by the
// budget check instead of ending the run as out-of-memory.
constexpr std::size_t kMemoryBudgetBytes = std::size_t{64} << 20;

bool isGzip(const std::uint8_t* data, std::size_t size) {
  return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

/// `bytes` as a gzip stream (zlib's windowBits 16 + 15), at the fastest level: the point is to
/// reach the readers' gzip paths, not to compress well.
std::string gzipped(const std::uint8_t* data, std::size_t size) {
  z_stream stream{};
  if (deflateInit2(&stream, 1, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::string out(deflateBound(&stream, size), '\0');
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string name = std::string("scan") + ANOMADIFF_FUZZ_SUFFIX;
  std::filesystem::path path;
  // .nii.gz: the fuzzer mutates the NIfTI inside the stream, which the harness compresses, so
  // the mutations reach the header and voxel checks; an input that already is gzip goes in as it
  // is, so damaged and truncated streams are fuzzed too.
  if (ANOMADIFF_FUZZ_GZIP && !isGzip(data, size)) {
    path = fuzz::FuzzScratch::write(name, gzipped(data, size));
  } else {
    path = fuzz::FuzzScratch::write(name, data, size);
  }
  try {
    fuzz::ReadImageCheck::verify(ImageReader(kMemoryBudgetBytes).read(path));
    fuzz::RefusalLog::accepted();
  } catch (const Error& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad file should get
  }
  return 0;
}
