#include "cli/PipelineBenchmark.h"

#include "engine/io/TorchRuntime.h"
#include "image/ImageReader.h"
#include "run/ModelSpaceAnalysis.h"

#include <chrono>
#include <iomanip>

namespace anomadiff::cli {
namespace {

struct Timing {
  double seconds;        ///< intake and method
  double intakeSeconds;  ///< orientation, N4, registration, brain mask
  std::int64_t evaluations;
  bool wholeVolume;
};

/// What `localize` does before writing files (run::ModelSpaceAnalysis): the intake, the method at
/// the parameters it chooses for this input (a whole volume's own), the map's treatment.
Timing timedRun(run::PreparedMethod& method, const Image& image) {
  NullProgressSink progress;
  const auto before = method.localizer->modelEvaluations();
  const auto analysed = run::ModelSpaceAnalysis::run(method, run::IntakeRequest(), image, nullptr,
                                                     progress, CancelToken());
  return {analysed.seconds, analysed.scan.report.seconds,
          method.localizer->modelEvaluations() - before, analysed.wholeVolume};
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
  run::PreparedMethod method = m_method.prepare();
  const Image image = ImageReader().read(m_input);
  const auto first = timedRun(method, image);
  const auto used = method.parameters.withDefaults(method.localizer->parameters());
  const double members = used.has("ensemble") ? used.get("ensemble") : 1.0;
  nlohmann::json report = {{"method", method.localizer->name()},
                           {"input", m_input.filename().string()},
                           {"threads", engine::TorchRuntime::threads()},
                           {"seconds", first.seconds},
                           {"intake_seconds", first.intakeSeconds},
                           {"whole_volume", first.wholeVolume},
                           {"parameters", used.values()},
                           {"network_evaluations", first.evaluations},
                           {"evaluations_per_member", first.evaluations / members}};
  out << "pipeline benchmark: " << method.localizer->name() << " on " << m_input.filename().string()
      << ", " << engine::TorchRuntime::threads() << " threads"
      << (first.wholeVolume ? ", a whole volume (the bundle's volume parameters)" : "") << "\n"
      << "  localize: " << std::fixed << std::setprecision(2) << first.seconds << " s (intake "
      << first.intakeSeconds << " s), N " << std::setprecision(0) << members << ", "
      << first.evaluations << " network evaluations (" << std::setprecision(1)
      << first.evaluations / members << " per ensemble member)\n";
  if (!hasParameter(*method.localizer, "guidance-scale")) return report;

  const double scale = used.get("guidance-scale");
  const double changed = otherScale(*method.localizer, scale);
  method.given.set("guidance-scale", changed);
  const auto second = timedRun(method, image);
  out << "  same job, s " << std::setprecision(1) << scale << " -> " << changed << ": "
      << std::setprecision(2) << second.seconds << " s, " << second.evaluations
      << " network evaluations (" << first.seconds / second.seconds
      << "x faster; the DDIM encoding is reused when the method encodes with DDIM)\n";
  report["guidance_change"] = {{"seconds", second.seconds},
                               {"network_evaluations", second.evaluations},
                               {"speedup", first.seconds / second.seconds}};
  return report;
}

}  // namespace anomadiff::cli
