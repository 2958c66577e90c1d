// anomadiff-cli: the command line of AnomaDiff. Every anomadiff::Error ends here as one line on
// stderr and a non-zero exit status; nothing else catches broadly.
#include "cli/BatchCommand.h"
#include "cli/BenchCommand.h"
#include "cli/CalibrateCommand.h"
#include "cli/CalibrateVolumesCommand.h"
#include "cli/EvaluateCommand.h"
#include "cli/ExportDicomCommand.h"
#include "cli/InfoCommand.h"
#include "cli/LocalizeCommand.h"
#include "cli/MakeDatasetCommand.h"
#include "cli/MakeLesionsCommand.h"
#include "cli/MethodsCommand.h"
#include "cli/PacsCommand.h"
#include "cli/ReconstructCommand.h"
#include "cli/RegisterCommand.h"
#include "cli/SystemCommand.h"
#include "cli/TrainCommand.h"
#include "cli/WorkerCommand.h"
#include "common/Error.h"
#include "common/Version.h"
#include "engine/io/TorchRuntime.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
  using namespace anomadiff;
  engine::TorchRuntime::keepFreedMemory();
  CLI::App app{"AnomaDiff: anomaly localization in medical images with denoising diffusion models",
               "anomadiff-cli"};
  app.set_version_flag("--version", std::string("anomadiff-cli ") + kVersion);
  app.require_subcommand(1);
  // Every subcommand, once: declared in this order (the --help order), run when chosen.
  std::vector<std::unique_ptr<cli::Command>> commands;
  commands.push_back(std::make_unique<cli::InfoCommand>());
  commands.push_back(std::make_unique<cli::MethodsCommand>());
  commands.push_back(std::make_unique<cli::SystemCommand>());
  commands.push_back(std::make_unique<cli::ReconstructCommand>());
  commands.push_back(std::make_unique<cli::LocalizeCommand>());
  commands.push_back(std::make_unique<cli::BatchCommand>());
  commands.push_back(std::make_unique<cli::CalibrateCommand>());
  commands.push_back(std::make_unique<cli::CalibrateVolumesCommand>());
  commands.push_back(std::make_unique<cli::EvaluateCommand>());
  commands.push_back(std::make_unique<cli::ExportDicomCommand>());
  commands.push_back(std::make_unique<cli::PacsCommand>());
  commands.push_back(std::make_unique<cli::RegisterCommand>());
  commands.push_back(std::make_unique<cli::BenchCommand>());
  commands.push_back(std::make_unique<cli::MakeLesionsCommand>());
  commands.push_back(std::make_unique<cli::MakeDatasetCommand>());
  commands.push_back(std::make_unique<cli::TrainCommand>(cli::TrainCommand::Model::Denoiser));
  commands.push_back(std::make_unique<cli::TrainCommand>(cli::TrainCommand::Model::Classifier));
  commands.push_back(std::make_unique<cli::TrainCommand>(cli::TrainCommand::Model::Segmenter));
  commands.push_back(std::make_unique<cli::TrainCommand>(cli::TrainCommand::Model::FewShot));
  commands.push_back(std::make_unique<cli::WorkerCommand>());
  std::vector<std::pair<CLI::App*, const cli::Command*>> declared;
  for (const auto& command : commands) declared.emplace_back(command->addTo(app), command.get());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  const cli::CommandContext context{std::cin, std::cout, std::cerr,
                                    std::vector<std::string>(argv, argv + argc)};
  try {
    for (const auto& [subcommand, command] : declared) {
      if (subcommand->parsed()) return command->run(context);
    }
  } catch (const Error& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "internal error: " << error.what() << "\n";
    return 3;
  }
  return 2;
}
