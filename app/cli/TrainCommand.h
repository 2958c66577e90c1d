#pragma once

#include "cli/Command.h"
#include "run/TrainingRequest.h"

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli train` (the class-conditional ε-UNet) and `anomadiff-cli train-classifier`
/// (the noisy classifier for gradient guidance) and `anomadiff-cli train-segmenter` (a
/// mask-diffusion segmenter, Gaussian or Bernoulli) and `anomadiff-cli train-fewshot` (a pixel
/// classifier over a trained UNet's features, from k labelled slices): --dataset DIR (from
/// make-dataset) -o BUNDLE. Shows step, running loss, steps/s and ETA; writes
/// BUNDLE/<model>_loss.csv and a checkpoint in BUNDLE/checkpoints/ every --checkpoint-every steps;
/// --resume continues it (refusing a run whose settings differ); Ctrl-C or SIGTERM saves the
/// checkpoint and exits 130. When done it writes the EMA weights and merges its entry into
/// BUNDLE/model.json (docs/ARCHITECTURE.md §4.1), so the other model's entry survives.
/// train and train-classifier also run data parallel: --world-size N --rank R --store HOST:PORT
/// (or torchrun's environment variables), one process per rank with the same command. The run
/// itself is run::TrainingJob; this class is its command-line binding.
class TrainCommand final : public Command {
 public:
  using Model = run::TrainingRequest::Model;

  explicit TrainCommand(Model model);
  CLI::App* addTo(CLI::App& app) override;
  /// "train", "train-classifier", "train-segmenter" or "train-fewshot".
  const char* name() const;
  /// The subcommand's one-line help.
  const char* description() const;
  /// `arguments` is the whole argv, recorded as provenance.
  int run(const CommandContext& context) const override;

 private:
  void addDataParallelOptions(CLI::App& command);
  engine::DataParallelOptions dataParallelOptions() const;

  run::TrainingRequest m_request;
  std::string m_multipliers = "1,2,2";
  std::string m_featureTimesteps = "50,150,300";
  // Data parallel: options given on the command line win over WORLD_SIZE, RANK, MASTER_ADDR
  // and MASTER_PORT.
  std::optional<int> m_worldSize;
  std::optional<int> m_rank;
  std::string m_store;
  double m_groupTimeoutSeconds = 300.0;
  bool m_noAugmentation = false;
  std::vector<std::string> m_augmentChanges;  ///< --augment NAME=VALUE, as typed
  bool m_quiet = false;
};

}  // namespace anomadiff::cli
