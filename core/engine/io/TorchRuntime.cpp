#include "engine/io/TorchRuntime.h"

#include "common/Error.h"

#include <ATen/Parallel.h>

#include <dlfcn.h>
#include <malloc.h>
#include <filesystem>
#include <thread>

namespace anomadiff::engine {

void TorchRuntime::setThreads(int threads) {
  if (threads < 0) {
    throw InvalidArgument("thread count " + std::to_string(threads) + " is negative");
  }
  const int count =
      threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : threads;
  at::set_num_threads(count);
}

void TorchRuntime::keepFreedMemory() {
  mallopt(M_MMAP_MAX, 0);              // every block from the heap, which is reused
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // returned only when over 1 GiB is free at its top
  mallopt(M_ARENA_MAX, 1);             // threads too: a job thread's arena would give it back
}

int TorchRuntime::threads() {
  return at::get_num_threads();
}

std::string TorchRuntime::blasName() {
  // LibTorch calls the Fortran BLAS symbol sgemm_; ask the loader which file provides it.
  void* symbol = dlsym(RTLD_DEFAULT, "sgemm_");
  Dl_info info{};
  if (symbol == nullptr || dladdr(symbol, &info) == 0 || info.dli_fname == nullptr) {
    return "unknown";
  }
  std::error_code ignored;
  const auto resolved = std::filesystem::canonical(info.dli_fname, ignored);
  const std::string path = resolved.empty() ? info.dli_fname : resolved.string();
  for (const char* name :
       {"openblas-openmp", "openblas-pthread", "openblas-serial", "blis", "mkl", "atlas"}) {
    if (path.find(name) != std::string::npos) return name;
  }
  if (path.find("/blas/") != std::string::npos) return "reference";
  return path;
}

bool TorchRuntime::isReferenceBlas() {
  return blasName() == "reference";
}

}  // namespace anomadiff::engine
