#pragma once

#include "cli/Command.h"
#include "cli/LocalizeOptions.h"
#include "cli/MethodOptions.h"

#include <filesystem>
#include <string>

namespace anomadiff::cli {

/// `anomadiff-cli batch --inputs FOLDER_OR_LIST -o DIR [--shard i/n] [--resume]`: localizes an
/// archive with one loaded model (run::BatchJob; contract docs/ARCHITECTURE.md §4.4): one result
/// folder per input, manifests as it goes, a failing input recorded and skipped, summary.html.
/// `--shard i/n` takes every n-th input, so a Slurm array or n shells split the work; exit 0
/// when every input of the shard succeeded, 3 when some failed (the rest are done).
class BatchCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

  static constexpr int kSomeFailed = 3;

 private:
  std::filesystem::path m_inputs;
  std::filesystem::path m_outputDir;
  std::string m_shard = "0/1";
  bool m_resume = false;
  bool m_retryFailed = false;
  bool m_quiet = false;
  MethodOptions m_method;
  LocalizeOptions m_options;
};

}  // namespace anomadiff::cli
