#include "cli/TrainCommand.h"

#include "cli/SignalCancel.h"
#include "cli/TrainingConsole.h"
#include "common/Error.h"
#include "run/TrainingJob.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace anomadiff::cli {
namespace {

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

}  // namespace

TrainCommand::TrainCommand(Model model) {
  m_request.model = model;
}

const char* TrainCommand::name() const {
  return m_request.denoiser() ? "train" : "train-classifier";
}

CLI::App* TrainCommand::addTo(CLI::App& app) {
  const bool denoiser = m_request.denoiser();
  auto* c = app.add_subcommand(
      name(), denoiser ? "Train the class-conditional diffusion model (ε-UNet) of a bundle"
                       : "Train the noisy classifier of a bundle (for gradient guidance)");
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
    c->add_option("--init-weights", m_request.initWeights,
                  "Start from these weights (.safetensors of the same architecture), e.g. a "
                  "Gaussian-noise model fine-tuned for coarse noise");
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
  c->add_flag("--resume", m_request.resume,
              "Continue from BUNDLE/checkpoints (same settings required)");
  c->add_flag("--quiet,-q", m_quiet, "No progress line");
  return c;
}

int TrainCommand::run(const CommandContext& context) const {
  // Installed first: a signal that arrives while the data load still cancels cleanly (the
  // training loop checks the token before its first step and writes a checkpoint).
  CancelToken cancel;
  SignalCancel signals(cancel);
  run::TrainingRequest request = m_request;
  request.multipliers = parseMultipliers(m_multipliers);
  request.augmentation = !m_noAugmentation;
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
  context.out << ", " << outcome.summary.seconds << " s; wrote " << outcome.weights.string()
              << "\n";
  return 0;
}

}  // namespace anomadiff::cli
