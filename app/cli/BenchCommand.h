#pragma once

#include "cli/Command.h"

#include "cli/EngineBenchmark.h"
#include "cli/MethodOptions.h"

#include <filesystem>
#include <optional>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli bench engine [--threads N] [--channels C] [--quick] [--json FILE]` and
/// `anomadiff-cli bench pipeline [--input IMAGE] [method options] [--json FILE]`.
class BenchCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  EngineBenchmark::Options m_engine;
  MethodOptions m_method;
  std::filesystem::path m_input;
  CLI::App* m_pipelineCommand = nullptr;
  std::optional<std::filesystem::path> m_json;
};

}  // namespace anomadiff::cli
