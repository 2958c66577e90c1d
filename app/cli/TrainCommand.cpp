#include "cli/TrainCommand.h"

#include "cli/SignalCancel.h"
#include "cli/TrainingConsole.h"
#include "common/Error.h"
#include "run/NumberText.h"
#include "run/TrainingJob.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <optional>

namespace anomadiff::cli {
namespace {

/// A comma-separated list of integers >= `minimum`, e.g. "1,2,2".
std::vector<int> parseIntegerList(const std::string& text, const char* option, int minimum = 1) {
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
    if (used == 0 || used != item.size() || value < minimum) {
      throw InvalidArgument(std::string(option) + " '" + text + "' is not a list of integers >= " +
                            std::to_string(minimum) + " (e.g. 1,2,2)");
    }
    values.push_back(value);
    start = comma + 1;
  }
  return values;
}

/// `--augment` items "NAME=VALUE" → NAME: VALUE; the names are checked by the request.
std::map<std::string, double> parseAugmentChanges(const std::vector<std::string>& items) {
  std::map<std::string, double> changes;
  for (const auto& item : items) {
    const auto equals = item.find('=');
    const auto value =
        equals == std::string::npos ? std::nullopt : run::parseNumber(item.substr(equals + 1));
    if (equals == 0 || !value || !std::isfinite(*value)) {
      throw InvalidArgument("--augment '" + item + "' is not NAME=NUMBER (e.g. elastic=0.04)");
    }
    if (!changes.emplace(item.substr(0, equals), *value).second) {
      throw InvalidArgument("--augment " + item.substr(0, equals) + " is given twice");
    }
  }
  return changes;
}

}  // namespace

TrainCommand::TrainCommand(Model model) {
  m_request.model = model;
  // A segmenter samples its mask from pure noise: it must know every level.
  if (model == Model::Segmenter) m_request.maxTimestep = 999;
}

const char* TrainCommand::name() const {
  switch (m_request.model) {
    case Model::Denoiser:
      return "train";
    case Model::Classifier:
      return "train-classifier";
    case Model::Segmenter:
      return "train-segmenter";
    case Model::FewShot:
      return "train-fewshot";
  }
  return "train";
}

const char* TrainCommand::description() const {
  switch (m_request.model) {
    case Model::Denoiser:
      return "Train the class-conditional diffusion model (ε-UNet) of a bundle";
    case Model::Classifier:
      return "Train the noisy classifier of a bundle (for gradient guidance)";
    case Model::Segmenter:
      return "Train a mask-diffusion segmenter on the dataset's lesion masks (diffseg: "
             "--diffusion gaussian; bernoulli: --diffusion bernoulli)";
    case Model::FewShot:
      return "Train the fewshot pixel classifier on k labelled slices over the features of a "
             "trained UNet of the bundle";
  }
  return "";
}

CLI::App* TrainCommand::addTo(CLI::App& app) {
  const bool denoiser = m_request.denoiser();
  auto* c = app.add_subcommand(name(), description());
  c->add_option("--dataset", m_request.dataset, "Folder written by make-dataset")->required();
  c->add_option("--output,-o", m_request.bundle, "Model bundle folder (created or updated)")
      ->required();
  c->add_option("--name", m_request.name, "Bundle name (default: kept, or colin27-t1-<R>px)");
  c->add_option("--steps", m_request.steps, "Total optimizer steps (across resumes)")
      ->capture_default_str();
  c->add_option("--batch", m_request.batch, "Batch size")->capture_default_str();
  c->add_option("--channels", m_request.channels, "Base channels of the network")
      ->capture_default_str();
  c->add_option("--mults", m_multipliers, "Channel multipliers per level")->capture_default_str();
  c->add_option("--lr", m_request.learningRate, "AdamW learning rate")->capture_default_str();
  c->add_option("--warmup", m_request.warmup, "Linear learning-rate warm-up steps")
      ->capture_default_str();
  c->add_option("--max-timestep", m_request.maxTimestep, "Train noise levels t in [0, this]")
      ->capture_default_str();
  if (denoiser) {
    c->add_option("--class-dropout", m_request.classDropout,
                  "Probability of the null class (classifier-free guidance)")
        ->capture_default_str();
    c->add_flag("--unconditional", m_request.unconditional,
                "No classes: an unconditional model trained on healthy slices only");
    c->add_option("--slot", m_request.slot,
                  "Bundle entry to train: denoiser, or healthy_denoiser (with --unconditional: "
                  "the healthy-anatomy model the reconstruction methods use)")
        ->check(CLI::IsMember({"denoiser", "healthy_denoiser"}))
        ->capture_default_str();
    c->add_option(
         "--noise", m_request.noise,
         "Noise the model learns to undo: gaussian, or coarse (multi-scale, AnoDDPM-style: "
         "the reconstruction methods' noise 1, which hides whole lesions)")
        ->check(CLI::IsMember({"gaussian", "coarse"}))
        ->capture_default_str();
    c->add_option("--corrupt", m_request.corrupt,
                  "Restoration training: fraction of images shown with a random blob painted "
                  "in (dark to bright, irregular) while the target stays the clean image, so "
                  "the model learns to remove what is not anatomy (0: plain training)")
        ->capture_default_str();
    c->add_option("--transplant", m_request.transplant,
                  "Restoration training: share of --corrupt's blobs filled with the image's "
                  "own tissue from 25-50 % of the side away (normal tissue in the wrong place) "
                  "instead of one intensity")
        ->capture_default_str();
    c->add_option("--init-weights", m_request.initWeights,
                  "Start from these weights (.safetensors of the same architecture), e.g. a "
                  "Gaussian-noise model fine-tuned for coarse noise");
  } else if (m_request.segmenter()) {
    c->add_option("--diffusion", m_request.diffusion,
                  "Mask diffusion: gaussian (bundle entry 'segmenter', method diffseg) or "
                  "bernoulli (entry 'bernoulli_segmenter', method bernoulli)")
        ->check(CLI::IsMember({"gaussian", "bernoulli"}))
        ->capture_default_str();
    c->add_option("--init-from", m_request.initFrom,
                  "Start from the bundle's trained image denoiser (denoiser or "
                  "healthy_denoiser; same --channels and --mults) instead of random weights")
        ->check(CLI::IsMember({"none", "denoiser", "healthy_denoiser"}))
        ->capture_default_str();
  } else if (m_request.fewShot()) {
    c->add_option("--cases", m_request.cases,
                  "Labelled slices to learn from (lesioned rows of the dataset, e.g. 1, 5, 20)")
        ->capture_default_str();
    c->add_option("--features-from", m_request.featureSlot,
                  "Bundle entry whose decoder features are read (denoiser or healthy_denoiser)")
        ->check(CLI::IsMember({"denoiser", "healthy_denoiser"}))
        ->capture_default_str();
    c->add_option("--feature-timesteps", m_featureTimesteps,
                  "Noise levels of the features; one head each, probabilities averaged")
        ->capture_default_str();
    c->add_option("--hidden", m_request.hidden, "Hidden channels of each head")
        ->capture_default_str();
  } else {
    c->add_option("--validation-fraction", m_request.validationFraction,
                  "Fraction of training slices held back to measure accuracy")
        ->capture_default_str();
    c->add_option("--head", m_request.head,
                  "cells: per-location logits trained on the lesion masks; global: one logit "
                  "per image trained on the weak H/P labels")
        ->check(CLI::IsMember({"cells", "global"}))
        ->capture_default_str();
  }
  if (m_request.dataParallelCapable()) addDataParallelOptions(*c);
  c->add_option("--ema", m_request.ema, "EMA decay of the weights that are saved")
      ->capture_default_str();
  c->add_option("--seed", m_request.seed, "Seed of weights, noise, data order and augmentation")
      ->capture_default_str();
  c->add_option("--threads", m_request.threads, "LibTorch threads (0: one per core)")
      ->capture_default_str();
  c->add_option("--checkpoint-every", m_request.checkpointEvery,
                "Checkpoint every N steps (0: at the end)")
      ->capture_default_str();
  c->add_option("--repeats", m_request.repeats, "Distinct augmentations per example")
      ->capture_default_str();
  c->add_flag("--no-augmentation", m_noAugmentation, "Train on the slices as they are");
  c->add_option("--augment", m_augmentChanges,
                "Augmentation field NAME=VALUE (repeatable): rotation (degrees), scale, shift, "
                "elastic (displacement σ, fraction of the side), elastic_grid, gamma, "
                "bias_field, noise, contrast (grey/white curve), blur (σ, pixels); see "
                "docs/ARCHITECTURE.md");
  c->add_flag("--resume", m_request.resume,
              "Continue from BUNDLE/checkpoints (same settings required)");
  c->add_flag("--quiet,-q", m_quiet, "No progress line");
  return c;
}

void TrainCommand::addDataParallelOptions(CLI::App& command) {
  const char* group = "Data parallel (one process per rank, same command)";
  command
      .add_option("--world-size", m_worldSize,
                  "Processes training together (default: WORLD_SIZE, else 1)")
      ->group(group);
  command.add_option("--rank", m_rank, "This process's rank, 0..N-1 (default: RANK)")->group(group);
  command
      .add_option("--store", m_store,
                  "HOST:PORT of rank 0's rendezvous store (default: MASTER_ADDR:MASTER_PORT, "
                  "else 127.0.0.1:29500)")
      ->group(group);
  command
      .add_option("--group-timeout", m_groupTimeoutSeconds,
                  "Seconds a rank waits for the others before the run stops with an error")
      ->group(group)
      ->capture_default_str();
}

engine::DataParallelOptions TrainCommand::dataParallelOptions() const {
  engine::DataParallelOptions options;
  options.readEnvironment();
  if (m_worldSize) options.worldSize = *m_worldSize;
  if (m_rank) options.rank = *m_rank;
  if (!m_store.empty()) options.setStore(m_store);
  if (!(m_groupTimeoutSeconds > 0.0 && m_groupTimeoutSeconds < 1e7)) {
    throw InvalidArgument("--group-timeout " + std::to_string(m_groupTimeoutSeconds) +
                          " is not a positive number of seconds");
  }
  options.timeout = std::chrono::milliseconds(static_cast<long>(m_groupTimeoutSeconds * 1000.0));
  return options;
}

int TrainCommand::run(const CommandContext& context) const {
  // Installed first: a signal that arrives while the data load still cancels cleanly (the
  // training loop checks the token before its first step and writes a checkpoint).
  CancelToken cancel;
  SignalCancel signals(cancel);
  run::TrainingRequest request = m_request;
  request.multipliers = parseIntegerList(m_multipliers, "--mults");
  if (request.fewShot()) {
    request.featureTimesteps = parseIntegerList(m_featureTimesteps, "--feature-timesteps", 0);
  }
  request.augmentation = !m_noAugmentation;
  request.augmentationChanges = parseAugmentChanges(m_augmentChanges);
  if (request.dataParallelCapable()) request.dataParallel = dataParallelOptions();
  request.commandLine = context.commandLine;  // provenance without the build's path
  if (!request.commandLine.empty()) {
    request.commandLine[0] = std::filesystem::path(request.commandLine[0]).filename();
  }
  std::unique_ptr<TrainingConsole> console;
  const auto outcome = run::TrainingJob(request).run(
      [&](int firstStep) {
        console = std::make_unique<TrainingConsole>(context.err, request.steps, firstStep, m_quiet);
        return [&console](const engine::TrainingStep& step) { console->onStep(step); };
      },
      cancel);
  if (outcome.cancelled) {
    context.err << "\n"
                << name() << " cancelled; checkpoint saved to '" << outcome.checkpoint.string()
                << "': continue with the same command and --resume\n";
    return 130;
  }
  context.out << name() << ": " << outcome.summary.steps << " steps, final loss "
              << outcome.summary.meanRecentLoss;
  if (outcome.heldBackAccuracy) {
    context.out << ", held-back accuracy " << *outcome.heldBackAccuracy;
  }
  context.out << ", " << outcome.summary.seconds << " s";
  if (outcome.exchangeBytesPerStep > 0) {
    context.out << ", " << request.dataParallel.worldSize << " ranks, "
                << outcome.exchangeBytesPerStep / 1.0e6 << " MB all-reduced per step";
  }
  context.out << "; ";
  if (outcome.weights.empty()) {
    context.out << "rank " << request.dataParallel.rank << " of " << request.dataParallel.worldSize
                << ": rank 0 wrote the bundle\n";
  } else {
    context.out << "wrote " << outcome.weights.string() << "\n";
  }
  return 0;
}

}  // namespace anomadiff::cli
