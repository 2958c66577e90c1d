#pragma once

#include "cli/Command.h"

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli train` (the class-conditional ε-UNet) and `anomadiff-cli train-classifier`
/// (the noisy classifier for gradient guidance): --dataset DIR (from make-dataset) -o BUNDLE.
/// Shows step, running loss, steps/s and ETA; writes BUNDLE/<model>_loss.csv and a checkpoint
/// in BUNDLE/checkpoints/ every --checkpoint-every steps; --resume continues it (refusing a
/// run whose settings differ); Ctrl-C or SIGTERM saves the checkpoint and exits 130. When done
/// it writes the EMA weights and merges its entry into BUNDLE/model.json (docs/ARCHITECTURE.md
/// §4.1), so the other model's entry survives.
class TrainCommand final : public Command {
 public:
  enum class Model { Denoiser, Classifier };

  explicit TrainCommand(Model model);
  CLI::App* addTo(CLI::App& app) override;
  /// "train" or "train-classifier".
  const char* name() const;
  /// `arguments` is the whole argv, recorded as provenance.
  int run(const CommandContext& context) const override;

 private:
  Model m_model;
  std::filesystem::path m_dataset;
  std::filesystem::path m_bundle;
  std::string m_name;
  int m_steps = 2000;
  int m_batch = 16;
  int m_channels = 32;
  std::string m_multipliers = "1,2,2";
  double m_learningRate = 2e-4;
  int m_warmup = 100;
  int m_maxTimestep = 600;
  double m_classDropout = 0.2;
  double m_ema = 0.999;
  std::uint64_t m_seed = 0;
  int m_threads = 0;
  int m_checkpointEvery = 200;
  int m_repeats = 100;
  bool m_noAugmentation = false;
  bool m_unconditional = false;
  /// Forward-process noise the denoiser learns to undo: gaussian, or coarse (AnoDDPM-style).
  std::string m_noise = "gaussian";
  /// Weights (a .safetensors of the same architecture) the run starts from instead of random.
  std::filesystem::path m_initWeights;
  /// Which denoiser entry of the bundle is trained: "denoiser" (the class-conditional model the
  /// guided methods use) or "healthy_denoiser" (an unconditional model of healthy anatomy only,
  /// which the reconstruction methods use when the bundle has one).
  std::string m_slot = "denoiser";
  double m_validationFraction = 0.1;
  std::string m_head = "cells";
  bool m_resume = false;
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
