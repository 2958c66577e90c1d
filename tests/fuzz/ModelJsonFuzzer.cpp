// libFuzzer harness: model.json through ModelBundle::load, as `localize --model`, the worker and
// the GUI open a bundle, then the accessors the methods call on a loaded bundle. The bundle
// folder holds fixed weights files whose sha256 the seeds carry, so fuzzed descriptions get past
// the hash check to the accessors. A refusal (anomadiff::Error) is the contract for a bad
// description; any other exception (a raw nlohmann::json one among them) or a sanitizer report
// is a finding.
#include "FuzzScratch.h"
#include "RefusalLog.h"
#include "common/Error.h"
#include "engine/io/ModelBundle.h"

#include <string_view>

namespace {

using namespace anomadiff;
using engine::ModelBundle;

// Its sha256 is 81de99f8…; seeds/model_json/*.json carry it for every weights entry.
constexpr std::string_view kWeights = "anomadiff fuzz weights\n";

const std::filesystem::path& bundleFolder() {
  static const std::filesystem::path folder = [] {
    const auto path = fuzz::FuzzScratch::emptyFolder("bundle");
    for (const char* file :
         {"denoiser.safetensors", "healthy_denoiser.safetensors", "classifier.safetensors"}) {
      fuzz::FuzzScratch::write(std::string("bundle/") + file, kWeights);
    }
    return path;
  }();
  return folder;
}

/// What the methods and the worker ask a loaded bundle (MethodSetup, the diffusion localizers).
void useBundle(const ModelBundle& bundle) {
  (void)bundle.name();
  (void)bundle.classNames();
  (void)bundle.healthyClass();
  (void)bundle.resolution();
  (void)bundle.denoiserConfig();
  (void)bundle.denoiserSha256();
  (void)bundle.classifierConfig();
  for (const char* method : {"ddpm", "ddim-cg", "pddpm", "autoddpm"}) {
    for (bool guided : {false, true}) {
      try {
        (void)bundle.slotForMethod(method, guided);
      } catch (const InvalidArgument&) {
        // A method assigned a denoiser the bundle lacks: documented.
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& folder = bundleFolder();
  fuzz::FuzzScratch::write("bundle/model.json", data, size);
  try {
    useBundle(ModelBundle::load(folder));
    fuzz::RefusalLog::accepted();
  } catch (const Error& refusal) {
    fuzz::RefusalLog::note(refusal);  // refused with a message: what a bad description gets
  }
  return 0;
}
