#pragma once

#include "cli/Command.h"

#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli system`: what this installation runs on — version, LibTorch threads, the BLAS
/// behind it (warns on the slow reference BLAS), plugin folder. First thing to check when a run
/// is slow or a method is missing.
class SystemCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  int m_threads = 0;
};

}  // namespace anomadiff::cli
