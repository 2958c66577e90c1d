// anomadiff-cli: the command line of AnomaDiff. Every anomadiff::Error ends here as one line on
// stderr and a non-zero exit status; nothing else catches broadly.
#include "cli/BenchCommand.h"
#include "cli/CalibrateCommand.h"
#include "cli/CalibrateVolumesCommand.h"
#include "cli/EvaluateCommand.h"
#include "cli/InfoCommand.h"
#include "cli/LocalizeCommand.h"
#include "cli/MakeDatasetCommand.h"
#include "cli/MakeLesionsCommand.h"
#include "cli/MethodsCommand.h"
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

int main(int argc, char** argv) {
  using namespace anomadiff;
  engine::TorchRuntime::keepFreedMemory();
  CLI::App app{"AnomaDiff: anomaly localization in medical images with denoising diffusion models",
               "anomadiff-cli"};
  app.set_version_flag("--version", std::string("anomadiff-cli ") + kVersion);
  app.require_subcommand(1);
  cli::InfoCommand info;
  cli::MethodsCommand methods;
  cli::SystemCommand system;
  cli::ReconstructCommand reconstruct;
  cli::LocalizeCommand localize;
  cli::CalibrateCommand calibrate;
  cli::CalibrateVolumesCommand calibrateVolumes;
  cli::EvaluateCommand evaluate;
  cli::RegisterCommand registration;
  cli::BenchCommand bench;
  cli::MakeLesionsCommand makeLesions;
  cli::MakeDatasetCommand makeDataset;
  cli::TrainCommand train(cli::TrainCommand::Model::Denoiser);
  cli::TrainCommand trainClassifier(cli::TrainCommand::Model::Classifier);
  cli::WorkerCommand worker;
  info.addTo(app);
  methods.addTo(app);
  system.addTo(app);
  reconstruct.addTo(app);
  localize.addTo(app);
  calibrate.addTo(app);
  calibrateVolumes.addTo(app);
  evaluate.addTo(app);
  registration.addTo(app);
  bench.addTo(app);
  makeLesions.addTo(app);
  makeDataset.addTo(app);
  train.addTo(app);
  trainClassifier.addTo(app);
  worker.addTo(app);
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
    if (app.got_subcommand("localize")) return localize.run(std::cout, std::cerr);
    if (app.got_subcommand("calibrate")) return calibrate.run(std::cout, std::cerr);
    if (app.got_subcommand("calibrate-volumes")) return calibrateVolumes.run(std::cout, std::cerr);
    if (app.got_subcommand("evaluate")) return evaluate.run(std::cout, std::cerr);
    if (app.got_subcommand("register")) return registration.run(std::cout, std::cerr);
    if (app.got_subcommand("bench")) return bench.run(std::cout);
    if (app.got_subcommand("make-lesions")) return makeLesions.run(std::cout);
    if (app.got_subcommand("make-dataset")) return makeDataset.run(std::cout, std::cerr);
    if (app.got_subcommand("worker")) return worker.run(std::cin, std::cout);
    const std::vector<std::string> commandLine(argv, argv + argc);
    if (app.got_subcommand(train.name())) return train.run(std::cout, std::cerr, commandLine);
    if (app.got_subcommand(trainClassifier.name()))
      return trainClassifier.run(std::cout, std::cerr, commandLine);
  } catch (const Error& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "internal error: " << error.what() << "\n";
    return 3;
  }
  return 2;
}
