#include "run/BatchJob.h"

#include "common/Error.h"
#include "common/ProgressSink.h"
#include "common/Version.h"
#include "run/BatchInputs.h"
#include "run/BatchManifest.h"
#include "run/BatchSummaryReport.h"
#include "run/RunProvenance.h"

#include <chrono>

namespace anomadiff::run {
namespace {

using nlohmann::json;

json runDescription(const PreparedMethod& method, const BatchRequest& request,
                    std::size_t inputsTotal) {
  const auto provenance = RunProvenance::of(method, "");
  auto parameters = provenance.parameters;
  parameters.erase("seed");  // the seed does not make another batch
  return {{"app_version", provenance.appVersion},
          {"method", provenance.method},
          {"model", provenance.modelName},
          {"model_sha256", provenance.modelHash},
          {"parameters", parameters},
          {"seed", provenance.parameters.count("seed") ? provenance.parameters.at("seed") : 0.0},
          {"threads", provenance.threads},
          {"threshold", request.localize.threshold},
          {"finding_gate", request.localize.findingGate},
          {"inputs", request.inputs.string()},
          {"inputs_total", inputsTotal},
          {"shard_count", request.shard.count}};
}

/// An input an earlier session started and never finished: that process died on it.
void recordInterrupted(BatchManifest& manifest, BatchRecord record) {
  record.status = "failed";
  record.error =
      "the batch process stopped while localizing this input (crashed or killed); "
      "--retry-failed runs it again";
  manifest.record(record);
}

/// One-line text of whatever one input threw (a LibTorch or ITK message may span lines).
std::string oneLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "unknown error" : line;
}

}  // namespace

BatchOutcome BatchJob::run(PreparedMethod& method, const Observer& observer,
                           const CancelToken& cancel) const {
  const auto& request = m_request;
  const auto inputs = BatchInputs::resolve(request.inputs, request.outputDir);
  std::filesystem::create_directories(request.outputDir);
  BatchManifest manifest(request.outputDir, request.shard,
                         runDescription(method, request, inputs.size()));
  if (manifest.exists() && !request.resume) {
    throw InvalidArgument("'" + manifest.jsonPath().string() +
                          "' exists: continue that batch with --resume or use another folder");
  }
  if (request.resume && manifest.exists()) manifest.resume();

  BatchOutcome outcome;
  outcome.inputsTotal = inputs.size();
  for (const auto& input : inputs) outcome.inShard += request.shard.takes(input.index);
  std::size_t done = 0;
  for (const auto& input : inputs) {
    if (!request.shard.takes(input.index)) continue;
    if (const auto* earlier = manifest.find(input.index)) {
      if (earlier->status == "running") recordInterrupted(manifest, *earlier);
      if (earlier->status == "ok" || !request.retryFailed) {
        ++outcome.skipped;
        ++done;
        continue;
      }
    }
    if (cancel.isCancelled()) throw Cancelled();
    BatchRecord record;
    record.index = input.index;
    record.input = input.path.string();
    record.result = input.resultName;
    record.modelSha256 = method.localizer->modelHash();
    record.status = "running";
    manifest.record(record);
    LocalizeRequest one = request.localize;
    one.input = input.path;
    one.outputDir = request.outputDir / input.resultName;
    const auto start = std::chrono::steady_clock::now();
    try {
      NullProgressSink progress;
      const auto result = LocalizeJob(one).run(method, progress, cancel);
      record.status = "ok";
      record.boxes = result.boxes;
      // A whole volume may have used the bundle's volume model (volume_denoisers).
      record.modelSha256 = method.localizer->modelHash();
    } catch (const Cancelled&) {
      manifest.forget(record.index);
      throw;
    } catch (const std::exception& error) {
      record.status = "failed";
      record.error = oneLine(error.what());
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record.finishedUtc = RunProvenance::utcNow();
    manifest.record(record);
    (record.status == "ok" ? outcome.succeeded : outcome.failed) += 1;
    if (observer) observer(record, ++done, outcome.inShard);
  }
  BatchSummaryReport::write(request.outputDir);
  return outcome;
}

}  // namespace anomadiff::run
