#include "cli/EngineBenchmark.h"

#include "engine/io/TorchRuntime.h"
#include "engine/networks/FlopCounter.h"
#include "engine/networks/UNet.h"
#include "engine/networks/UNetDenoiser.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/GuidedModel.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <iomanip>

namespace anomadiff::cli {
namespace {

using namespace engine;

/// Median wall time of `repeats` runs after one warm-up run, in milliseconds.
template <typename Function>
double medianMilliseconds(int repeats, Function&& function) {
  function();
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    function();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  return times[times.size() / 2];
}

UNetConfig benchConfig(int baseChannels) {
  UNetConfig config;  // the default-bundle shape: 3 levels, 1 res block, bottleneck attention
  config.baseChannels = baseChannels;
  config.classes = 2;
  return config;
}

torch::Tensor batchOf(int batch, int size) {
  return torch::randn({batch, 1, size, size});
}

nlohmann::json measureForward(UNet& unet, int size, int batch, int repeats, std::ostream& out) {
  const auto x = batchOf(batch, size);
  const auto t = torch::full({batch}, std::int64_t{200}, torch::kInt64);
  const auto labels = torch::full({batch}, std::int64_t{-1}, torch::kInt64);
  double flops = 0.0;
  {
    FlopCounter counter;
    unet->forward(x, t, labels);
    flops = counter.flops();
  }
  const double ms = medianMilliseconds(repeats, [&] { unet->forward(x, t, labels); });
  const double gflops = flops / (ms * 1e6);
  out << "  UNet forward " << std::setw(3) << size << "² batch " << batch << ": " << std::fixed
      << std::setprecision(1) << std::setw(7) << ms / batch << " ms/image  " << std::setw(6)
      << gflops << " GFLOP/s  (" << std::setprecision(2) << flops / batch / 1e9
      << " GFLOP/image)\n";
  return {{"size", size},
          {"batch", batch},
          {"ms_per_image", ms / batch},
          {"gflops_per_s", gflops},
          {"gflop_per_image", flops / batch / 1e9}};
}

double measureConvolutionRate(int repeats, std::ostream& out) {
  auto conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(128, 128, 3).padding(1));
  const auto x = torch::randn({8, 128, 64, 64});
  const double flops = 2.0 * 8 * 128 * 128 * 9 * 64 * 64;
  const double ms = medianMilliseconds(repeats, [&] { conv->forward(x); });
  const double gflops = flops / (ms * 1e6);
  out << "  3x3 conv 128->128 on 8x64²: " << std::fixed << std::setprecision(1) << ms << " ms, "
      << gflops << " GFLOP/s\n";
  return gflops;
}

double reconstructionSeconds(UNetDenoiser& denoiser, const NoiseSchedule& schedule, int steps,
                             int ensemble, std::uint64_t seed) {
  GuidedModel model(denoiser, schedule);
  ReconstructionOptions options;
  options.level = 250;
  options.steps = steps;
  options.ensemble = ensemble;
  options.seed = seed;
  NullProgressSink progress;
  const auto input = batchOf(1, 64);
  const auto start = std::chrono::steady_clock::now();
  ReconstructionPipeline(model, options).run(input, progress, CancelToken());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

nlohmann::json EngineBenchmark::run(std::ostream& out) const {
  TorchRuntime::setThreads(m_options.threads);
  c10::InferenceMode inference;
  torch::manual_seed(0);
  nlohmann::json report = {{"threads", TorchRuntime::threads()},
                           {"blas", TorchRuntime::blasName()},
                           {"base_channels", m_options.baseChannels}};
  out << "engine benchmark: " << TorchRuntime::threads() << " threads, BLAS "
      << TorchRuntime::blasName() << ", UNet base channels " << m_options.baseChannels << "\n";
  if (TorchRuntime::isReferenceBlas()) {
    out << "  WARNING: reference BLAS in use; install libopenblas0-openmp (3.5-4x faster)\n";
  }
  const int repeats = m_options.quick ? 1 : m_options.repeats;
  UNet unet(benchConfig(m_options.baseChannels));
  unet->eval();
  report["unet_parameters"] = unet->parameterCount();
  nlohmann::json forward = nlohmann::json::array();
  for (int size : m_options.quick ? std::vector<int>{64} : std::vector<int>{64, 128}) {
    for (int batch : {1, 8}) forward.push_back(measureForward(unet, size, batch, repeats, out));
  }
  report["unet_forward"] = forward;
  const double convRate = measureConvolutionRate(repeats, out);
  report["conv_gflops_per_s"] = convRate;
  double bestUnetRate = 0.0;
  for (const auto& row : forward)
    bestUnetRate = std::max(bestUnetRate, row["gflops_per_s"].get<double>());
  report["unet_to_conv_rate"] = bestUnetRate / convRate;
  out << "  UNet / conv rate: " << std::setprecision(2) << bestUnetRate / convRate
      << " (goal >= 0.8)\n";

  UNetDenoiser denoiser(unet.ptr());
  const auto schedule = NoiseSchedule::linear();
  nlohmann::json reconstruction = nlohmann::json::array();
  for (int steps : m_options.quick ? std::vector<int>{10} : std::vector<int>{10, 25, 50}) {
    const double seconds = reconstructionSeconds(denoiser, schedule, steps, 1, 0);
    out << "  DDIM reconstruction 64², L=250, K=" << std::setw(2) << steps << ": "
        << std::setprecision(2) << seconds << " s (" << std::setprecision(1)
        << 1000 * seconds / steps << " ms/step)\n";
    reconstruction.push_back({{"steps", steps}, {"seconds", seconds}});
  }
  report["ddim_reconstruction"] = reconstruction;
  const int members = m_options.quick ? 2 : 8;
  const double batched = reconstructionSeconds(denoiser, schedule, 10, members, 0);
  double sequential = 0.0;
  for (int member = 0; member < members; ++member)
    sequential += reconstructionSeconds(denoiser, schedule, 10, 1, member);
  out << "  ensemble N=" << members << ", K=10: batched " << std::setprecision(2) << batched
      << " s, sequential " << sequential << " s, speed-up " << sequential / batched << "x\n";
  report["ensemble"] = {{"members", members},
                        {"batched_seconds", batched},
                        {"sequential_seconds", sequential},
                        {"speedup", sequential / batched}};
  return report;
}

}  // namespace anomadiff::cli
