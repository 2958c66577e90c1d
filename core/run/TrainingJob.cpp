#include "run/TrainingJob.h"

#include "common/Error.h"
#include "common/ProgressSink.h"
#include "common/Version.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/Sha256.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/UNet.h"
#include "engine/schedule/ScheduleConfig.h"
#include "engine/training/AugmentedDataSource.h"
#include "engine/training/DataParallelGroup.h"
#include "engine/training/DiffusionTrainer.h"
#include "engine/training/FewShotTrainer.h"
#include "engine/training/MaskDiffusionTrainer.h"
#include "engine/training/NoisyClassifierTrainer.h"
#include "engine/training/SliceDataset.h"
#include "run/ClassifierAccuracy.h"
#include "run/DataParallelTraining.h"
#include "run/FewShotSetup.h"
#include "run/TrainedBundleEntry.h"
#include "run/TrainingRunRecord.h"

#include <fstream>
#include <memory>

namespace anomadiff::run {
namespace {

using engine::SliceDataset;
using nlohmann::json;

/// What one session of a run works with, derived once from the request and the dataset.
struct TrainingPlan {
  const TrainingRequest& request;
  const SliceDataset& dataset;
  engine::UNetConfig unet;
  engine::NoisyClassifierNetConfig classifier;
  json architecture;
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> heldBack;
  engine::ScheduleConfig schedule;
  // fewshot: the UNet whose features the head reads; segmenter: the image denoiser it starts
  // from (none: a random start).
  FewShotSetup::Source source;
  engine::FewShotHeadConfig fewShot;
};

json readBundleDescription(const std::filesystem::path& bundle) {
  const auto file = bundle / engine::ModelBundle::kDescriptionFile;
  if (!std::filesystem::exists(file)) return json::object();
  std::ifstream stream(file);
  try {
    return json::parse(stream);
  } catch (const json::exception& error) {
    throw IoError("'" + file.string() + "' is not valid JSON: " + error.what());
  }
}

/// A warm start copies weights by name and shape: a different width or depth would leave most of
/// the network at random while the record says it started from the denoiser.
void requireSameBody(const engine::UNetConfig& trained, const engine::UNetConfig& source,
                     const std::string& slot) {
  if (trained.baseChannels != source.baseChannels ||
      trained.channelMultipliers != source.channelMultipliers ||
      trained.resBlocksPerLevel != source.resBlocksPerLevel) {
    const auto shape = [](const engine::UNetConfig& config) {
      std::string multipliers;
      for (int m : config.channelMultipliers) {
        multipliers += (multipliers.empty() ? "" : ",") + std::to_string(m);
      }
      return "channels " + std::to_string(config.baseChannels) + ", mults " + multipliers;
    };
    throw InvalidArgument("--init-from " + slot + ": the bundle's " + slot + " (" + shape(source) +
                          ") differs from this run's (" + shape(trained) +
                          "); give the same --channels and --mults");
  }
}

/// One encoder config for both models: the classifier's is the denoiser's encoder.
void chooseArchitecture(TrainingPlan& plan) {
  const auto& request = plan.request;
  plan.unet.baseChannels = request.channels;
  plan.unet.channelMultipliers = request.multipliers;
  plan.unet.resBlocksPerLevel = 1;
  plan.unet.attentionLevels = {};
  plan.unet.bottleneckAttention = true;
  plan.unet.classes = request.unconditional || request.segmenter() ? 0 : 2;
  // A segmenter sees the noisy mask and the image.
  if (request.segmenter()) plan.unet.inChannels = 2;
  static_cast<engine::EncoderConfig&>(plan.classifier) = plan.unet;
  plan.classifier.classes = 2;
  plan.classifier.head = request.head;
  const bool unet = request.denoiser() || request.segmenter();
  unet ? plan.unet.validate() : plan.classifier.validate();
  plan.architecture = unet ? plan.unet.toJson() : plan.classifier.toJson();
  if (request.fewShot()) {
    plan.source = FewShotSetup::loadSource(request.bundle, request.featureSlot);
    plan.fewShot = FewShotSetup::headConfig(request, *plan.source.unet);
    plan.architecture = plan.fewShot.toJson();
    return;  // the source UNet fixes the resolution it works at
  }
  if (request.segmenter() && request.initFrom != "none") {
    plan.source = FewShotSetup::loadSource(request.bundle, request.initFrom);
    requireSameBody(plan.unet, plan.source.unet->config(), request.initFrom);
  }
  const int resolution = plan.dataset.resolution();
  if (resolution % plan.unet.sizeDivisor() != 0) {
    throw InvalidArgument("dataset resolution " + std::to_string(resolution) +
                          " is not divisible by " + std::to_string(plan.unet.sizeDivisor()) +
                          " as the channel multipliers (--mults) need");
  }
}

/// Segmenters and few-shot heads join a bundle that already has an image denoiser (a bundle
/// is loaded through one), and a segmenter samples from pure noise, so it learns every level.
void requireSegmentationPrerequisites(const TrainingPlan& plan, const json& description) {
  const auto& request = plan.request;
  if (!request.segmenter() && !request.fewShot()) return;
  if (!description.contains(engine::ModelBundle::kConditionalSlot) &&
      !description.contains(engine::ModelBundle::kHealthySlot)) {
    throw InvalidArgument("bundle '" + request.bundle.string() +
                          "' has no denoiser yet: train one (anomadiff-cli train) before the " +
                          request.kind());
  }
  const int last = plan.schedule.build().steps() - 1;
  if (request.segmenter() && request.maxTimestep != last) {
    throw InvalidArgument("--max-timestep " + std::to_string(request.maxTimestep) +
                          ": a segmenter samples from pure noise and must learn every level "
                          "up to " +
                          std::to_string(last));
  }
}

/// The bundle's other models must share the schedule; those that work together (guidance,
/// features) the resolution too. The healthy (and volume) denoiser is read alone by the
/// reconstruction methods, so it may work at its own size.
void requireCompatibleBundle(const TrainingPlan& plan, const json& description) {
  requireSegmentationPrerequisites(plan, description);
  const auto& bundle = plan.request.bundle;
  const int resolution = plan.dataset.resolution();
  const bool standsAlone = engine::ModelBundle::standsAlone(plan.request.kind());
  auto others = engine::ModelBundle::unetSlots();
  others.push_back("classifier");
  for (const auto& other : others) {
    if (other == plan.request.kind() || !description.contains(other)) continue;
    if (engine::ScheduleConfig::fromJson(description.at("schedule")).toJson() !=
        plan.schedule.toJson()) {
      throw InvalidArgument("bundle '" + bundle.string() + "' uses another noise schedule");
    }
    if (standsAlone || engine::ModelBundle::standsAlone(other)) continue;
    const int existing = engine::ModelBundle::resolutionOf(description, other);
    if (existing != resolution) {
      throw InvalidArgument("bundle '" + bundle.string() + "' holds a " + other + " for " +
                            std::to_string(existing) + " px; the dataset is " +
                            std::to_string(resolution) + " px (use another bundle folder)");
    }
  }
}

/// Healthy rows only for an unconditional model; the classifier loses its held-back slices;
/// the classes are balanced for a conditional one.
void chooseRows(TrainingPlan& plan) {
  const auto& request = plan.request;
  plan.rows =
      request.unconditional ? plan.dataset.rows(SliceDataset::kHealthy) : plan.dataset.rows();
  if (request.fewShot()) {
    plan.rows = FewShotSetup::chooseCases(plan.dataset, request.cases, request.seed);
    return;
  }
  if (request.model == TrainingRequest::Model::Classifier) {
    plan.heldBack = plan.dataset.heldBackSlices(request.validationFraction, request.seed);
    plan.rows = plan.dataset.rowsOfSlices(plan.rows, plan.heldBack, false);
  }
  if (!request.unconditional) plan.rows = plan.dataset.balancedRows(plan.rows);
}

/// Everything that must match for --resume to continue the same run (not steps or threads).
json runSettings(const TrainingPlan& plan, const std::string& initWeightsSha) {
  const auto& request = plan.request;
  json settings = {
      {"model", request.kind()},
      {"architecture", plan.architecture},
      {"dataset_sha256", plan.dataset.sha256()},
      {"batch", request.batch},
      {"lr", request.learningRate},
      {"warmup", request.warmup},
      {"max_timestep", request.maxTimestep},
      {"class_dropout", request.denoiser() && !request.unconditional ? request.classDropout : 0.0},
      {"ema", request.ema},
      {"seed", request.seed},
      {"repeats", request.repeats},
      {"augmentation", request.augmentation},
      {"training_rows", plan.rows.size()},
      {"held_back_slices", plan.heldBack},
      {"schedule", plan.schedule.toJson()}};
  // Only non-default choices join the settings, so runs checkpointed before they existed resume.
  if (request.noise != "gaussian") settings["noise"] = request.noise;
  if (request.corrupt > 0.0) settings["corrupt"] = request.corrupt;
  if (request.transplant > 0.0) settings["transplant"] = request.transplant;
  if (!initWeightsSha.empty()) settings["init_weights"] = initWeightsSha;
  if (!request.augmentationChanges.empty()) {
    settings["augmentation_options"] = request.augmentationOptions().fields();
  }
  if (request.fewShot()) {
    settings["cases"] = plan.rows;
    settings["source_sha256"] = plan.source.sha256;
  }
  if (request.segmenter()) {
    // Checkpoints of the uniform-t runs (before this was recorded) do not resume as these.
    settings["timesteps_drawn"] = "favouring_high";
    if (plan.source.unet) settings["init_from"] = {request.initFrom, plan.source.sha256};
  }
  return settings;
}

engine::TrainingOptions trainingOptions(const TrainingRequest& request,
                                        const std::filesystem::path& checkpoint) {
  engine::TrainingOptions options;
  options.steps = request.steps;
  options.batchSize = request.batch;
  options.learningRate = request.learningRate;
  options.warmupSteps = request.warmup;
  options.emaDecay = request.ema;
  options.maxTimestep = request.maxTimestep;
  options.classDropout = request.classDropout;
  options.seed = request.seed;
  options.checkpointPath = checkpoint;
  options.checkpointEvery = request.checkpointEvery;
  options.lossLogPath = request.bundle / (request.kind() + "_loss.csv");
  options.logEvery = request.checkpointEvery > 0 ? request.checkpointEvery : 100;
  return options;
}

std::unique_ptr<engine::ModelTrainer> makeTrainer(const TrainingPlan& plan,
                                                  const engine::NoiseSchedule& noise,
                                                  engine::TrainingOptions options) {
  if (plan.request.fewShot()) {
    return std::make_unique<engine::FewShotTrainer>(plan.fewShot, plan.source.unet, noise, options);
  }
  if (plan.request.segmenter()) {
    const auto kind = plan.request.diffusion == "bernoulli"
                          ? engine::MaskDiffusionTrainer::Kind::Bernoulli
                          : engine::MaskDiffusionTrainer::Kind::Gaussian;
    return std::make_unique<engine::MaskDiffusionTrainer>(plan.unet, noise, options, kind);
  }
  if (!plan.request.denoiser()) {
    return std::make_unique<engine::NoisyClassifierTrainer>(plan.classifier, noise, options);
  }
  return std::make_unique<engine::DiffusionTrainer>(
      plan.unet, noise, options,
      engine::NoiseGenerator(engine::NoiseGenerator::kindFromName(plan.request.noise)),
      engine::BlobCorruption(plan.request.corrupt, -1.0f, plan.request.transplant));
}

json trainingRecord(const TrainingPlan& plan, const json& sessions,
                    const engine::TrainingSummary& summary) {
  const auto& request = plan.request;
  const auto& data = plan.dataset.description();
  return {{"command", request.commandLine},
          {"sessions", sessions},
          {"app_version", kVersion},
          {"seed", request.seed},
          {"steps", summary.steps},
          {"batch", request.batch},
          {"learning_rate", request.learningRate},
          {"warmup_steps", request.warmup},
          {"ema_decay", request.ema},
          {"timesteps", {0, request.maxTimestep}},
          {"threads", engine::TorchRuntime::threads()},
          {"wall_seconds", summary.seconds},
          {"final_loss", summary.meanRecentLoss},
          {"loss_log", request.kind() + "_loss.csv"},
          {"dataset_sha256", plan.dataset.sha256()},
          {"data",
           {{"source", data.value("source", json())},
            {"holdout", data.value("holdout", json())},
            {"resolution", plan.dataset.resolution()},
            {"counts", data.value("counts", json())},
            {"training_rows", plan.rows.size()},
            {"classes_balanced", !request.unconditional && !request.fewShot()},
            {"augmentation", request.augmentation},
            {"augmentation_options", request.augmentationOptions().fields()},
            {"augmentation_repeats", request.repeats}}}};
}

}  // namespace

TrainingJob::TrainingJob(TrainingRequest request) : m_request(std::move(request)) {}

TrainingOutcome TrainingJob::run(const StartObserver& start, const CancelToken& cancel) const {
  const TrainingRequest& request = m_request;
  request.validate();
  engine::TorchRuntime::setThreads(request.threads);
  const SliceDataset dataset = SliceDataset::load(request.dataset);
  TrainingPlan plan{request, dataset, {}, {}, {}, {}, {}, {}, {}, {}};
  chooseArchitecture(plan);
  requireCompatibleBundle(plan, readBundleDescription(request.bundle));
  chooseRows(plan);
  engine::AugmentedDataSource data(dataset, plan.rows, request.augmentationOptions(), request.seed,
                                   request.repeats);

  const std::string initWeightsSha =
      request.initWeights.empty() ? std::string() : engine::Sha256::ofFile(request.initWeights);
  const auto checkpoints = request.bundle / "checkpoints";
  const json settings = runSettings(plan, initWeightsSha);
  const auto group = DataParallelTraining::join(request, settings);
  // Rank 0 owns the bundle folder; the other ranks of a group never write to it.
  const bool writesBundle = !group || group->rank() == 0;
  const json sessions = writesBundle
                            ? TrainingRunRecord::open(checkpoints, request.kind(), settings,
                                                      request.commandLine, request.resume)
                            : json::array();

  TrainingOutcome outcome;
  outcome.checkpoint = TrainingRunRecord::checkpointPath(checkpoints, request.kind());
  const engine::NoiseSchedule noise = plan.schedule.build();
  StepObserver observer;
  auto options = trainingOptions(request, outcome.checkpoint);
  options.onStep = [&observer](const engine::TrainingStep& step) {
    if (observer) observer(step);
  };
  const auto trainer = makeTrainer(plan, noise, options);
  if (request.resume && group) {
    DataParallelTraining::resume(*trainer, *group, outcome.checkpoint);
  } else if (request.resume) {
    trainer->loadCheckpoint(outcome.checkpoint);
  } else if (!request.initWeights.empty()) {
    trainer->loadWeights(request.initWeights);
  } else if (request.segmenter() && plan.source.unet) {
    dynamic_cast<engine::MaskDiffusionTrainer&>(*trainer).startFrom(*plan.source.unet);
  }
  if (group) {
    trainer->joinGroup(group);
    outcome.exchangeBytesPerStep = trainer->exchangeBytesPerStep();
  }
  observer = start(trainer->step());
  try {
    NullProgressSink progress;
    outcome.summary = trainer->train(data, progress, cancel);
  } catch (const Cancelled&) {
    outcome.cancelled = true;
    return outcome;
  }

  if (!writesBundle) return outcome;
  const std::string file = request.kind() + ".safetensors";
  outcome.weights = request.bundle / file;
  trainer->saveEmaWeights(outcome.weights, {{"model", request.kind()},
                                            {"architecture", plan.architecture.dump()},
                                            {"steps", std::to_string(outcome.summary.steps)},
                                            {"seed", std::to_string(request.seed)}});
  json training = trainingRecord(plan, sessions, outcome.summary);
  if (group) {
    training["data_parallel"] = {{"world_size", group->worldSize()},
                                 {"backend", "gloo"},
                                 {"all_reduce_bytes_per_step", trainer->exchangeBytesPerStep()}};
  }
  // Read again now, not at the start: a run of hours must not undo the entries another run
  // (another model of the same bundle) merged meanwhile.
  json description = readBundleDescription(request.bundle);
  requireCompatibleBundle(plan, description);
  if (request.denoiser()) {
    training["class_dropout"] = request.unconditional ? 0.0 : request.classDropout;
    training["noise"] = request.noise;
    training["corrupt"] = request.corrupt;
    if (request.transplant > 0.0) training["transplant"] = request.transplant;
    if (!request.initWeights.empty()) {
      training["init_weights"] = {{"file", request.initWeights.filename().string()},
                                  {"sha256", initWeightsSha}};
    }
    TrainedBundleEntry::dropStaleCalibrations(description, request.kind());
  } else if (request.fewShot()) {
    training["cases"] = plan.rows;
    training["source"] = {{"slot", request.featureSlot}, {"sha256", plan.source.sha256}};
    training["lesions"] = dataset.description().value("lesions", json());
    TrainedBundleEntry::dropStaleCalibrations(description, request.kind());
  } else if (request.segmenter()) {
    training["diffusion"] = request.diffusion;
    training["timesteps_drawn"] = "favouring high noise: t = T - 1 - floor(T u^2), u ~ U(0, 1)";
    training["init_from"] = plan.source.unet
                                ? json{{"slot", request.initFrom}, {"sha256", plan.source.sha256}}
                                : json("none");
    // Which lesions it learned: a supervised method is only honest on families it never saw.
    training["lesions"] = dataset.description().value("lesions", json());
    TrainedBundleEntry::dropStaleCalibrations(description, request.kind());
  } else {
    const auto& classifier = dynamic_cast<engine::NoisyClassifierTrainer&>(*trainer);
    training["held_back_slices"] = plan.heldBack;
    training["validation"] = ClassifierAccuracy::measure(
        *classifier.emaModel(), dataset, dataset.rowsOfSlices(dataset.rows(), plan.heldBack, true),
        noise, request.maxTimestep, request.seed);
    if (training["validation"].is_object()) {
      outcome.heldBackAccuracy = training["validation"]["accuracy"].get<double>();
    }
  }
  TrainedBundleEntry::merge(description, request.kind(), file, plan.architecture, training,
                            dataset.description(), dataset.resolution(), request.name);
  description["schedule"] = plan.schedule.toJson();
  description["healthy_class"] = SliceDataset::kHealthy;
  engine::ModelBundle::writeDescription(request.bundle, description);
  if (description.contains(engine::ModelBundle::kConditionalSlot) ||
      description.contains(engine::ModelBundle::kHealthySlot)) {
    engine::ModelBundle::load(request.bundle);  // self-check
  }
  return outcome;
}

}  // namespace anomadiff::run
