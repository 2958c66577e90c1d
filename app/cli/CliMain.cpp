// anomadiff-cli: the command line of AnomaDiff. Every anomadiff::Error ends here as one line on
// stderr and a non-zero exit status; nothing else catches broadly.
#include "cli/BenchCommand.h"
#include "cli/InfoCommand.h"
#include "cli/MethodsCommand.h"
#include "cli/ReconstructCommand.h"
#include "cli/SystemCommand.h"
#include "common/Error.h"
#include "common/Version.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  using namespace anomadiff;
  CLI::App app{"AnomaDiff: anomaly localization in medical images with denoising diffusion models",
               "anomadiff-cli"};
  app.set_version_flag("--version", std::string("anomadiff-cli ") + kVersion);
  app.require_subcommand(1);
  cli::InfoCommand info;
  cli::MethodsCommand methods;
  cli::SystemCommand system;
  cli::ReconstructCommand reconstruct;
  cli::BenchCommand bench;
  info.addTo(app);
  methods.addTo(app);
  system.addTo(app);
  reconstruct.addTo(app);
  bench.addTo(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    if (app.got_subcommand("info")) return info.run(std::cout);
    if (app.got_subcommand("methods")) return methods.run(std::cout, std::cerr);
    if (app.got_subcommand("system")) return system.run(std::cout);
    if (app.got_subcommand("reconstruct")) return reconstruct.run(std::cout, std::cerr);
    if (app.got_subcommand("bench")) return bench.run(std::cout);
  } catch (const Error& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "internal error: " << error.what() << "\n";
    return 3;
  }
  return 2;
}
