#pragma once

#include "run/MethodSetup.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// The options every command that runs a method shares (docs/ARCHITECTURE.md §4.2): --method,
/// --model, --noise-level, --guidance-scale, --ensemble, --steps, --seed, --set NAME=VALUE,
/// --threads. Only the command-line binding: run::MethodSetup turns them into a method.
class MethodOptions {
 public:
  void addTo(CLI::App& command);

  /// What the options name, as a request (numbers checked, `--set` split into NAME=VALUE).
  run::MethodRequest request() const;
  /// run::MethodSetup::prepare of request(). Throws InvalidArgument / IoError naming the problem.
  run::PreparedMethod prepare() const;
  int threads() const { return m_threads; }

 private:
  std::optional<std::string> m_method;
  std::optional<std::filesystem::path> m_model;
  std::optional<double> m_noiseLevel, m_guidanceScale, m_ensemble, m_steps, m_seed;
  std::vector<std::string> m_settings;
  int m_threads = 0;
};

}  // namespace anomadiff::cli
