#include "cli/TrainCommand.h"

#include "cli/SignalCancel.h"
#include "cli/TrainingConsole.h"
#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "common/Version.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/Sha256.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/NoisyClassifierNet.h"
#include "engine/schedule/ScheduleConfig.h"
#include "engine/training/AugmentedDataSource.h"
#include "engine/training/DiffusionTrainer.h"
#include "engine/training/NoisyClassifierTrainer.h"
#include "engine/training/SliceDataset.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace anomadiff::cli {
namespace {

using engine::SliceDataset;
using nlohmann::json;

std::vector<int> parseMultipliers(const std::string& text) {
  std::vector<int> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || value < 1) {
      throw InvalidArgument("--mults '" + text + "' is not a list of positive integers (1,2,2)");
    }
    values.push_back(value);
    start = comma + 1;
  }
  return values;
}

json readJsonFile(const std::filesystem::path& path) {
  std::ifstream stream(path);
  try {
    return json::parse(stream);
  } catch (const json::exception& error) {
    throw IoError("'" + path.string() + "' is not valid JSON: " + error.what());
  }
}

/// Accuracy of the EMA classifier on unaugmented rows at five noise levels in [0, maxT]; the
/// noise comes from its own generator, so the number is reproducible.
json classifierAccuracy(engine::NoisyClassifierNetImpl& model, const SliceDataset& dataset,
                        const std::vector<std::int64_t>& rows,
                        const engine::NoiseSchedule& schedule, int maxTimestep,
                        std::uint64_t seed) {
  if (rows.empty()) return nullptr;
  torch::NoGradGuard noGrad;
  model.eval();
  const auto selection = torch::tensor(rows, torch::kInt64);
  const auto x0 = dataset.images().index_select(0, selection);
  const auto labels = dataset.labels().index_select(0, selection);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  json perTimestep = json::object();
  double sum = 0.0;
  for (int k = 0; k <= 4; ++k) {
    const int t = maxTimestep * k / 4;
    const double alphaBar = schedule.alphaBars()[t];
    const auto noise = at::randn(x0.sizes(), generator, torch::kFloat32);
    const auto xt = std::sqrt(alphaBar) * x0 + std::sqrt(1.0 - alphaBar) * noise;
    int64_t correct = 0;
    for (std::int64_t begin = 0; begin < xt.size(0); begin += 32) {
      const auto length = std::min<std::int64_t>(32, xt.size(0) - begin);
      const auto logits =
          model.forward(xt.narrow(0, begin, length), torch::full({length}, t, torch::kInt64));
      correct += logits.argmax(1).eq(labels.narrow(0, begin, length)).sum().item<std::int64_t>();
    }
    const double accuracy = static_cast<double>(correct) / static_cast<double>(rows.size());
    perTimestep[std::to_string(t)] = accuracy;
    sum += accuracy;
  }
  return {{"accuracy", sum / 5.0}, {"per_timestep", perTimestep}, {"examples", rows.size()}};
}

/// Runs one trainer (DiffusionTrainer or NoisyClassifierTrainer, same interface) to the end or
/// to a cancel; returns the summary.
template <typename Trainer>
engine::TrainingSummary trainToEnd(Trainer& trainer, engine::TrainingDataSource& data,
                                   const CancelToken& cancel) {
  NullProgressSink progress;
  return trainer.train(data, progress, cancel);
}

/// Thresholds made with the denoiser in `slot` no longer apply once it is retrained; those made
/// with another slot's model (they record its sha256) stay. Old entries without a hash go too.
void dropStaleCalibrations(json& description, const std::string& slot) {
  if (!description.contains("calibration")) return;
  const std::string replaced =
      description.contains(slot) ? description[slot].value("sha256", std::string()) : "";
  auto& calibration = description["calibration"];
  for (auto it = calibration.begin(); it != calibration.end();) {
    // A method without a model records an empty hash: its thresholds never go stale.
    const bool legacy = !it->contains("model_sha256");
    const std::string made = it->value("model_sha256", std::string());
    it = legacy || (!made.empty() && made == replaced) ? calibration.erase(it) : std::next(it);
  }
}

}  // namespace

TrainCommand::TrainCommand(Model model) : m_model(model) {}

const char* TrainCommand::name() const {
  return m_model == Model::Denoiser ? "train" : "train-classifier";
}

CLI::App* TrainCommand::addTo(CLI::App& app) {
  const bool denoiser = m_model == Model::Denoiser;
  auto* c = app.add_subcommand(
      name(), denoiser ? "Train the class-conditional diffusion model (ε-UNet) of a bundle"
                       : "Train the noisy classifier of a bundle (for gradient guidance)");
  c->add_option("--dataset", m_dataset, "Folder written by make-dataset")->required();
  c->add_option("--output,-o", m_bundle, "Model bundle folder (created or updated)")->required();
  c->add_option("--name", m_name, "Bundle name (default: kept, or colin27-t1-<R>px)");
  c->add_option("--steps", m_steps, "Total optimizer steps (across resumes)")
      ->capture_default_str();
  c->add_option("--batch", m_batch, "Batch size")->capture_default_str();
  c->add_option("--channels", m_channels, "Base channels of the network")->capture_default_str();
  c->add_option("--mults", m_multipliers, "Channel multipliers per level")->capture_default_str();
  c->add_option("--lr", m_learningRate, "AdamW learning rate")->capture_default_str();
  c->add_option("--warmup", m_warmup, "Linear learning-rate warm-up steps")->capture_default_str();
  c->add_option("--max-timestep", m_maxTimestep, "Train noise levels t in [0, this]")
      ->capture_default_str();
  if (denoiser) {
    c->add_option("--class-dropout", m_classDropout,
                  "Probability of the null class (classifier-free guidance)")
        ->capture_default_str();
    c->add_flag("--unconditional", m_unconditional,
                "No classes: an unconditional model trained on healthy slices only");
    c->add_option("--slot", m_slot,
                  "Bundle entry to train: denoiser, or healthy_denoiser (with --unconditional: "
                  "the healthy-anatomy model the reconstruction methods use)")
        ->check(CLI::IsMember({"denoiser", "healthy_denoiser"}))
        ->capture_default_str();
    c->add_option(
         "--noise", m_noise,
         "Noise the model learns to undo: gaussian, or coarse (multi-scale, AnoDDPM-style: "
         "the reconstruction methods' noise 1, which hides whole lesions)")
        ->check(CLI::IsMember({"gaussian", "coarse"}))
        ->capture_default_str();
    c->add_option("--init-weights", m_initWeights,
                  "Start from these weights (.safetensors of the same architecture), e.g. a "
                  "Gaussian-noise model fine-tuned for coarse noise");
  } else {
    c->add_option("--validation-fraction", m_validationFraction,
                  "Fraction of training slices held back to measure accuracy")
        ->capture_default_str();
    c->add_option("--head", m_head,
                  "cells: per-location logits trained on the lesion masks; global: one logit "
                  "per image trained on the weak H/P labels")
        ->check(CLI::IsMember({"cells", "global"}))
        ->capture_default_str();
  }
  c->add_option("--ema", m_ema, "EMA decay of the weights that are saved")->capture_default_str();
  c->add_option("--seed", m_seed, "Seed of weights, noise, data order and augmentation")
      ->capture_default_str();
  c->add_option("--threads", m_threads, "LibTorch threads (0: one per core)")
      ->capture_default_str();
  c->add_option("--checkpoint-every", m_checkpointEvery, "Checkpoint every N steps (0: at the end)")
      ->capture_default_str();
  c->add_option("--repeats", m_repeats, "Distinct augmentations per example")
      ->capture_default_str();
  c->add_flag("--no-augmentation", m_noAugmentation, "Train on the slices as they are");
  c->add_flag("--resume", m_resume, "Continue from BUNDLE/checkpoints (same settings required)");
  c->add_flag("--quiet,-q", m_quiet, "No progress line");
  return c;
}

int TrainCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  const std::vector<std::string>& arguments = context.commandLine;
  // Installed first: a signal that arrives while the data load still cancels cleanly (the
  // training loop checks the token before its first step and writes a checkpoint).
  CancelToken cancel;
  SignalCancel signals(cancel);
  const bool denoiser = m_model == Model::Denoiser;
  std::vector<std::string> commandLine = arguments;  // provenance without the build's path
  if (!commandLine.empty()) commandLine[0] = std::filesystem::path(commandLine[0]).filename();
  const std::string kind = denoiser ? m_slot : "classifier";
  if (kind == "healthy_denoiser" && !m_unconditional) {
    throw InvalidArgument("--slot healthy_denoiser needs --unconditional (healthy slices only)");
  }
  if (m_steps < 1) throw InvalidArgument("--steps " + std::to_string(m_steps) + " is not >= 1");
  if (m_channels < 1) {
    throw InvalidArgument("--channels " + std::to_string(m_channels) + " is not >= 1");
  }
  if (!(m_validationFraction >= 0.0 && m_validationFraction < 1.0)) {
    throw InvalidArgument("--validation-fraction " + std::to_string(m_validationFraction) +
                          " is outside [0, 1)");
  }
  engine::TorchRuntime::setThreads(m_threads);
  const SliceDataset dataset = SliceDataset::load(m_dataset);
  const int resolution = dataset.resolution();

  engine::UNetConfig unet;
  unet.baseChannels = m_channels;
  unet.channelMultipliers = parseMultipliers(m_multipliers);
  unet.resBlocksPerLevel = 1;
  unet.attentionLevels = {};
  unet.bottleneckAttention = true;
  unet.classes = m_unconditional ? 0 : 2;
  engine::NoisyClassifierNetConfig classifier;
  classifier.baseChannels = m_channels;
  classifier.channelMultipliers = unet.channelMultipliers;
  classifier.classes = 2;
  classifier.head = m_head;
  const json architecture = denoiser ? unet.toJson() : classifier.toJson();
  denoiser ? unet.validate() : classifier.validate();
  if (resolution % unet.sizeDivisor() != 0) {
    throw InvalidArgument("dataset resolution " + std::to_string(resolution) +
                          " is not divisible by " + std::to_string(unet.sizeDivisor()) +
                          " as --mults " + m_multipliers + " needs");
  }

  // The bundle's other model must share the schedule and the resolution.
  const engine::ScheduleConfig schedule;
  const auto descriptionFile = m_bundle / engine::ModelBundle::kDescriptionFile;
  json description =
      std::filesystem::exists(descriptionFile) ? readJsonFile(descriptionFile) : json::object();
  for (const char* other : {"denoiser", "healthy_denoiser", "classifier"}) {
    if (other == kind || !description.contains(other)) continue;
    const int existing = description.at("input").value("resolution", -1);
    if (existing != resolution) {
      throw InvalidArgument("bundle '" + m_bundle.string() + "' holds a " + other + " for " +
                            std::to_string(existing) + " px; the dataset is " +
                            std::to_string(resolution) + " px (use another bundle folder)");
    }
    if (engine::ScheduleConfig::fromJson(description.at("schedule")).toJson() !=
        schedule.toJson()) {
      throw InvalidArgument("bundle '" + m_bundle.string() + "' uses another noise schedule");
    }
    break;
  }

  std::vector<std::int64_t> heldBack;
  std::vector<std::int64_t> trainingRows =
      m_unconditional ? dataset.rows(SliceDataset::kHealthy) : dataset.rows();
  if (!denoiser) {
    heldBack = dataset.heldBackSlices(m_validationFraction, m_seed);
    trainingRows = dataset.rowsOfSlices(trainingRows, heldBack, false);
  }
  if (!m_unconditional) trainingRows = dataset.balancedRows(trainingRows);
  const auto augmentation =
      m_noAugmentation ? engine::AugmentationOptions::none() : engine::AugmentationOptions();
  engine::AugmentedDataSource data(dataset, trainingRows, augmentation, m_seed, m_repeats);

  // Everything that must match for --resume to continue the same run (not steps or threads).
  json runSettings = {{"model", kind},
                      {"architecture", architecture},
                      {"dataset_sha256", dataset.sha256()},
                      {"batch", m_batch},
                      {"lr", m_learningRate},
                      {"warmup", m_warmup},
                      {"max_timestep", m_maxTimestep},
                      {"class_dropout", denoiser && !m_unconditional ? m_classDropout : 0.0},
                      {"ema", m_ema},
                      {"seed", m_seed},
                      {"repeats", m_repeats},
                      {"augmentation", !m_noAugmentation},
                      {"training_rows", trainingRows.size()},
                      {"held_back_slices", heldBack},
                      {"schedule", schedule.toJson()}};
  // Only non-default choices join the settings, so runs checkpointed before they existed resume.
  if (m_noise != "gaussian") runSettings["noise"] = m_noise;
  const std::string initWeightsSha =
      m_initWeights.empty() ? std::string() : engine::Sha256::ofFile(m_initWeights);
  if (!m_initWeights.empty()) runSettings["init_weights"] = initWeightsSha;
  const auto checkpoints = m_bundle / "checkpoints";
  const auto checkpoint = checkpoints / (kind + "_checkpoint.safetensors");
  const auto runFile = checkpoints / (kind + "_run.json");
  const auto lossLog = m_bundle / (kind + "_loss.csv");
  json sessions = json::array();
  if (m_resume) {
    if (!std::filesystem::exists(checkpoint) || !std::filesystem::exists(runFile)) {
      throw IoError("--resume: no " + kind + " checkpoint in '" + checkpoints.string() + "'");
    }
    const json stored = readJsonFile(runFile);
    const json settings = stored.is_object() ? stored.value("settings", json::object()) : json();
    json keys = runSettings;
    if (settings.is_object()) keys.update(settings);  // a setting dropped now is a change too
    for (const auto& [key, ignored] : keys.items()) {
      const json before = settings.is_object() ? settings.value(key, json()) : json();
      const json value = runSettings.value(key, json());
      if (before != value) {
        throw InvalidArgument("--resume: the checkpoint was trained with " + key + "=" +
                              before.dump() + ", now " + value.dump());
      }
    }
    sessions = stored.value("sessions", json::array());
  } else if (std::filesystem::exists(checkpoint)) {
    throw InvalidArgument("'" + checkpoint.string() +
                          "' exists: continue it with --resume or delete it to start over");
  }
  std::filesystem::create_directories(checkpoints);
  sessions.push_back(commandLine);
  TextFileWriter().write(runFile,
                         json{{"settings", runSettings}, {"sessions", sessions}}.dump(2) + "\n");

  engine::TrainingOptions options;
  options.steps = m_steps;
  options.batchSize = m_batch;
  options.learningRate = m_learningRate;
  options.warmupSteps = m_warmup;
  options.emaDecay = m_ema;
  options.maxTimestep = m_maxTimestep;
  options.classDropout = m_classDropout;
  options.seed = m_seed;
  options.checkpointPath = checkpoint;
  options.checkpointEvery = m_checkpointEvery;
  options.lossLogPath = lossLog;
  options.logEvery = m_checkpointEvery > 0 ? m_checkpointEvery : 100;

  const engine::NoiseSchedule noise = schedule.build();
  std::unique_ptr<engine::DiffusionTrainer> diffusion;
  std::unique_ptr<engine::NoisyClassifierTrainer> noisyClassifier;
  std::unique_ptr<TrainingConsole> console;
  const auto attachConsole = [&](int firstStep) {
    console = std::make_unique<TrainingConsole>(err, m_steps, firstStep, m_quiet);
  };
  options.onStep = [&](const engine::TrainingStep& step) { console->onStep(step); };
  engine::TrainingSummary summary;
  try {
    if (denoiser) {
      diffusion = std::make_unique<engine::DiffusionTrainer>(
          unet, noise, options,
          engine::NoiseGenerator(engine::NoiseGenerator::kindFromName(m_noise)));
      if (m_resume) {
        diffusion->loadCheckpoint(checkpoint);
      } else if (!m_initWeights.empty()) {
        diffusion->loadWeights(m_initWeights);
      }
      attachConsole(diffusion->step());
      summary = trainToEnd(*diffusion, data, cancel);
    } else {
      noisyClassifier =
          std::make_unique<engine::NoisyClassifierTrainer>(classifier, noise, options);
      if (m_resume) noisyClassifier->loadCheckpoint(checkpoint);
      attachConsole(noisyClassifier->step());
      summary = trainToEnd(*noisyClassifier, data, cancel);
    }
  } catch (const Cancelled&) {
    err << "\n"
        << name() << " cancelled; checkpoint saved to '" << checkpoint.string()
        << "': continue with the same command and --resume\n";
    return 130;
  }

  const std::string file = kind + ".safetensors";
  const std::map<std::string, std::string> metadata = {{"model", kind},
                                                       {"architecture", architecture.dump()},
                                                       {"steps", std::to_string(summary.steps)},
                                                       {"seed", std::to_string(m_seed)}};
  json training = {{"command", commandLine},
                   {"sessions", sessions},
                   {"app_version", kVersion},
                   {"seed", m_seed},
                   {"steps", summary.steps},
                   {"batch", m_batch},
                   {"learning_rate", m_learningRate},
                   {"warmup_steps", m_warmup},
                   {"ema_decay", m_ema},
                   {"timesteps", {0, m_maxTimestep}},
                   {"threads", engine::TorchRuntime::threads()},
                   {"wall_seconds", summary.seconds},
                   {"final_loss", summary.meanRecentLoss},
                   {"loss_log", lossLog.filename().string()},
                   {"dataset_sha256", dataset.sha256()},
                   {"data",
                    {{"source", dataset.description().value("source", json())},
                     {"holdout", dataset.description().value("holdout", json())},
                     {"resolution", resolution},
                     {"counts", dataset.description().value("counts", json())},
                     {"training_rows", trainingRows.size()},
                     {"classes_balanced", !m_unconditional},
                     {"augmentation", !m_noAugmentation},
                     {"augmentation_repeats", m_repeats}}}};
  if (denoiser) {
    diffusion->saveEmaWeights(m_bundle / file, metadata);
    training["class_dropout"] = m_unconditional ? 0.0 : m_classDropout;
    training["noise"] = m_noise;
    if (!m_initWeights.empty()) {
      training["init_weights"] = {{"file", m_initWeights.filename().string()},
                                  {"sha256", initWeightsSha}};
    }
    dropStaleCalibrations(description, kind);
  } else {
    noisyClassifier->saveEmaWeights(m_bundle / file, metadata);
    training["held_back_slices"] = heldBack;
    training["validation"] = classifierAccuracy(
        *noisyClassifier->emaModel(), dataset, dataset.rowsOfSlices(dataset.rows(), heldBack, true),
        noise, m_maxTimestep, m_seed);
  }

  const auto& normalization = dataset.description().at("normalization");
  description["name"] =
      m_name.empty() ? description.value("name", "colin27-t1-" + std::to_string(resolution) + "px")
                     : m_name;
  description["modality"] = "T1 MRI";
  const json previousInput = description.value("input", json::object());
  description["input"] = {
      {"resolution", resolution},
      {"channels", 1},
      {"plane", "axial"},
      {"margin", dataset.description().value("resampling", json::object()).value("margin", 0.05)}};
  const auto source = dataset.description().value("source", json::object());
  // Datasets made before make-dataset recorded it keep what the bundle already states.
  const json orientation = source.value("orientation", previousInput.value("orientation", json()));
  if (!orientation.is_null()) description["input"]["orientation"] = orientation;
  description["intensity"] = {{"normalization", "percentile"},
                              {"lower_percentile", normalization.at("lower_percentile")},
                              {"upper_percentile", normalization.at("upper_percentile")},
                              {"output", {-1, 1}},
                              {"clip", true},
                              {"background", normalization.value("background", -1.0)}};
  description["schedule"] = schedule.toJson();
  description["classes"] = {"healthy", "anomalous"};
  description["healthy_class"] = SliceDataset::kHealthy;
  description[kind] = {{"file", file}, {"architecture", architecture}};
  description["training"][kind] = training;
  engine::ModelBundle::writeDescription(m_bundle, description);

  if (description.contains("denoiser") || description.contains("healthy_denoiser")) {
    engine::ModelBundle::load(m_bundle);  // self-check
  }
  out << name() << ": " << summary.steps << " steps, final loss " << summary.meanRecentLoss;
  if (!denoiser && training["validation"].is_object()) {
    out << ", held-back accuracy " << training["validation"]["accuracy"].get<double>();
  }
  out << ", " << summary.seconds << " s; wrote " << (m_bundle / file).string() << "\n";
  return 0;
}

}  // namespace anomadiff::cli
