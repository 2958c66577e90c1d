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

namespace CLI {
class App;
}

namespace anomadiff::cli {

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

/// The options every command that runs a method shares (docs/ARCHITECTURE.md §4.2): --method,
/// --model,
/// --noise-level, --guidance-scale, --ensemble, --steps, --seed, --set NAME=VALUE, --threads.
class MethodOptions {
 public:
  void addTo(CLI::App& command);

  /// Loads the plugins, creates the method (default: the bundle's default_method, else ddpm),
  /// loads its model and validates the parameters. Throws InvalidArgument / IoError naming the
  /// problem (unknown method, parameter out of range, a broken bundle).
  PreparedMethod prepare() const;
  int threads() const { return m_threads; }

  /// The same from values instead of options (the worker's requests): nullopt picks the
  /// bundle's default method / the embedded bundle.
  static PreparedMethod prepare(const std::optional<std::string>& method,
                                const std::optional<std::filesystem::path>& model,
                                const LocalizerParameters& given);
  /// The bundle's stored defaults for the prepared method — for a `wholeVolume` (one the intake
  /// brought into the template's space) with the bundle's volume_parameters over them — then
  /// `given`, validated against the method's parameter descriptions.
  static LocalizerParameters parametersFor(const PreparedMethod& prepared,
                                           const LocalizerParameters& given,
                                           bool wholeVolume = false);
  /// model.json of a bundle folder (default: the embedded bundle); {} when the folder has none.
  static nlohmann::json bundleDescription(const std::optional<std::filesystem::path>& model);
  /// The parameters `calibrate --set-default` stored in a bundle description for `method`.
  static LocalizerParameters bundleDefaults(const nlohmann::json& description,
                                            const std::string& method);
  /// The bundle's "volume_parameters" of `method`: what whole volumes use instead of the
  /// defaults (e.g. fewer ensemble members, the neighbouring slices' average standing in).
  static LocalizerParameters volumeDefaults(const nlohmann::json& description,
                                            const std::string& method);

 private:
  /// `--set NAME=TEXT` whose text is not a number: a choice's name, resolved by prepare().
  using NamedValues = std::vector<std::pair<std::string, std::string>>;
  LocalizerParameters given(NamedValues& named) const;

  std::optional<std::string> m_method;
  std::optional<std::filesystem::path> m_model;
  std::optional<double> m_noiseLevel, m_guidanceScale, m_ensemble, m_steps, m_seed;
  std::vector<std::string> m_settings;
  int m_threads = 0;
};

}  // namespace anomadiff::cli
