#include "cli/PipelineBenchmark.h"

#include "engine/TorchRuntime.h"
#include "image/ImageReader.h"
#include "preprocess/BrainMask.h"

#include <chrono>
#include <iomanip>

namespace anomadiff::cli {
namespace {

struct Timing {
  double seconds;
  std::int64_t evaluations;
};

Timing timedRun(PreparedMethod& method, const Image& image, const Image& brain,
                const LocalizerParameters& parameters) {
  NullProgressSink progress;
  const auto before = method.localizer->modelEvaluations();
  const auto start = std::chrono::steady_clock::now();
  method.localizer->run(image, &brain, parameters, progress, CancelToken());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {seconds, method.localizer->modelEvaluations() - before};
}

bool hasParameter(const Localizer& localizer, const std::string& name) {
  for (const auto& spec : localizer.parameters())
    if (spec.name == name) return true;
  return false;
}

/// The guidance scale of the second run: a different value inside the parameter's range.
double otherScale(const Localizer& localizer, double scale) {
  for (const auto& spec : localizer.parameters()) {
    if (spec.name != "guidance-scale") continue;
    return scale + 1.0 <= spec.maximum ? scale + 1.0 : spec.minimum;
  }
  return scale;
}

}  // namespace

nlohmann::json PipelineBenchmark::run(std::ostream& out) const {
  engine::TorchRuntime::setThreads(m_method.threads());
  PreparedMethod method = m_method.prepare();
  const Image image = ImageReader().read(m_input);
  const Image brain = preprocess::BrainMask::forImage(image, nullptr);
  auto parameters = LocalizerParameters::defaultsOf(method.localizer->parameters());
  for (const auto& [name, value] : method.parameters.values()) parameters.set(name, value);
  const double members = parameters.has("ensemble") ? parameters.get("ensemble") : 1.0;

  const auto first = timedRun(method, image, brain, parameters);
  nlohmann::json report = {{"method", method.localizer->name()},
                           {"input", m_input.filename().string()},
                           {"threads", engine::TorchRuntime::threads()},
                           {"seconds", first.seconds},
                           {"network_evaluations", first.evaluations},
                           {"evaluations_per_member", first.evaluations / members}};
  out << "pipeline benchmark: " << method.localizer->name() << " on " << m_input.filename().string()
      << ", " << engine::TorchRuntime::threads() << " threads\n"
      << "  localize: " << std::fixed << std::setprecision(2) << first.seconds << " s, "
      << first.evaluations << " network evaluations (" << std::setprecision(1)
      << first.evaluations / members << " per ensemble member)\n";
  if (!hasParameter(*method.localizer, "guidance-scale")) return report;

  const double scale = parameters.get("guidance-scale");
  parameters.set("guidance-scale", otherScale(*method.localizer, scale));
  const auto second = timedRun(method, image, brain, parameters);
  out << "  same job, s " << std::setprecision(1) << scale << " -> "
      << parameters.get("guidance-scale") << ": " << std::setprecision(2) << second.seconds
      << " s, " << second.evaluations << " network evaluations (" << first.seconds / second.seconds
      << "x faster; the DDIM encoding is reused when the method encodes with DDIM)\n";
  report["guidance_change"] = {{"seconds", second.seconds},
                               {"network_evaluations", second.evaluations},
                               {"speedup", first.seconds / second.seconds}};
  return report;
}

}  // namespace anomadiff::cli
