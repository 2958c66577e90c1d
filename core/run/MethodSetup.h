#pragma once

#include "localize/Localizer.h"
#include "localize/LocalizerParameters.h"
#include "localize/LocalizerRegistry.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace anomadiff::run {

/// A method ready to run, with the plugin registry that must outlive it and the bundle's
/// description (calibration, defaults) when the method uses a model.
struct PreparedMethod {
  std::unique_ptr<LocalizerRegistry> registry;
  std::unique_ptr<Localizer> localizer;
  std::filesystem::path modelFolder;
  nlohmann::json modelDescription;  ///< model.json ({} for a model-free method)
  LocalizerParameters parameters;   ///< the values a run uses: stored defaults and `given`
  LocalizerParameters given;        ///< what the command line or the request named explicitly
};

/// What a run names explicitly: numbers, and values given by name (`sampler=heun`), which only
/// the method's parameter descriptions can turn into numbers.
struct MethodRequest {
  std::optional<std::string> method;           ///< nullopt: the bundle's default method
  std::optional<std::filesystem::path> model;  ///< nullopt: the embedded bundle
  LocalizerParameters given;
  std::vector<std::pair<std::string, std::string>> named;

  /// Adds one `NAME=VALUE` setting: a number to `given`, anything else to `named`. Throws
  /// InvalidArgument for text that is not NAME=VALUE.
  void addSetting(const std::string& setting);
};

/// Turns what a command or a worker request names into a runnable method (docs/ARCHITECTURE.md
/// §4.2): plugins, model bundle, the bundle's stored defaults under the given values, validated.
/// Shared by every command that runs a method and by the worker, so they agree on the defaults.
class MethodSetup {
 public:
  /// Loads the plugins, creates the method (default: the bundle's default_method, else ddpm),
  /// loads its model, resolves named choices and validates the parameters. Throws
  /// InvalidArgument / IoError naming the problem (unknown method or value, a parameter out of
  /// range, a broken bundle).
  static PreparedMethod prepare(const MethodRequest& request);
  /// The bundle's stored defaults for the prepared method — for a `wholeVolume` (one the intake
  /// brought into the template's space) with the bundle's volume_parameters over them — then
  /// `given`, validated against the method's parameter descriptions.
  static LocalizerParameters parametersFor(const PreparedMethod& prepared,
                                           const LocalizerParameters& given,
                                           bool wholeVolume = false);
  /// Sets what the next runs of `prepared` use, for a whole volume (in the template's space) or
  /// for slices: parametersFor(prepared, prepared.given, wholeVolume), and the localizer's
  /// volume mode, which picks the bundle's volume_denoisers model. Both together, so a method
  /// never runs volume parameters on the slice model or the reverse.
  static void setUpFor(PreparedMethod& prepared, bool wholeVolume);
  /// model.json of a bundle folder (default: the embedded bundle); {} when the folder has none.
  static nlohmann::json bundleDescription(const std::optional<std::filesystem::path>& model);
  /// The parameters `calibrate --set-default` stored in a bundle description for `method`.
  static LocalizerParameters bundleDefaults(const nlohmann::json& description,
                                            const std::string& method);
  /// The bundle's "volume_parameters" of `method`: what whole volumes use instead of the
  /// defaults (e.g. fewer ensemble members, the neighbouring slices' average standing in).
  static LocalizerParameters volumeDefaults(const nlohmann::json& description,
                                            const std::string& method);
  /// The index a named value (`sampler=heun`) has among the parameter's choices. Throws
  /// InvalidArgument naming the parameter and the known names.
  static double choiceValue(const std::vector<ParameterSpec>& specs, const std::string& name,
                            const std::string& text);
};

}  // namespace anomadiff::run
