// Link seams for the model.json harness: ModelBundle.cpp names the network factories, which
// would pull in the UNet, the classifier and most of LibTorch's module code. The harness never
// builds a network (it only loads and queries descriptions), so these are never called; if one
// is, the harness stops loudly instead of fuzzing something else.
#include "engine/networks/FewShotHead.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "engine/networks/UNetDenoiser.h"

#include <cstdio>
#include <cstdlib>

namespace anomadiff::engine {
namespace {

[[noreturn]] void notInThisHarness(const char* factory) {
  std::fprintf(stderr, "fuzz_model_json: %s is not linked into this harness\n", factory);
  std::abort();
}

}  // namespace

std::unique_ptr<UNetDenoiser> UNetDenoiser::fromFile(const UNetConfig&,
                                                     const std::filesystem::path&) {
  notInThisHarness("UNetDenoiser::fromFile");
}

std::unique_ptr<NoisyClassifierNetAdapter> NoisyClassifierNetAdapter::fromFile(
    const NoisyClassifierNetConfig&, const std::filesystem::path&) {
  notInThisHarness("NoisyClassifierNetAdapter::fromFile");
}

std::shared_ptr<FewShotHeadImpl> FewShotHeadImpl::fromFile(const FewShotHeadConfig&,
                                                           const std::filesystem::path&) {
  notInThisHarness("FewShotHeadImpl::fromFile");
}

}  // namespace anomadiff::engine
