#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// What a subcommand runs with: the process's streams and its whole command line (training
/// records it in the bundle's provenance).
struct CommandContext {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  std::vector<std::string> commandLine;
};

/// One `anomadiff-cli` subcommand. CliMain lists them once; a new command is a class like this
/// and one line there.
class Command {
 public:
  virtual ~Command() = default;
  /// Declares the subcommand and its options on `app`; returns the subcommand.
  virtual CLI::App* addTo(CLI::App& app) = 0;
  /// Runs after a successful parse; returns the exit status. Throws anomadiff::Error, which
  /// CliMain prints as one line.
  virtual int run(const CommandContext& context) const = 0;
};

}  // namespace anomadiff::cli
