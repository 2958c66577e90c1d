#include "cli/MethodOptions.h"

#include "cli/InstallLayout.h"
#include "cli/NumberText.h"
#include "common/Error.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace anomadiff::cli {
namespace {

nlohmann::json readDescription(const std::filesystem::path& folder) {
  std::ifstream file(folder / "model.json");
  if (!file) throw IoError("model bundle '" + folder.string() + "' has no readable model.json");
  try {
    return nlohmann::json::parse(file);
  } catch (const nlohmann::json::exception& error) {
    throw IoError("model.json in '" + folder.string() + "' is not valid JSON: " + error.what());
  }
}

/// model.json's `key` ("default_parameters", "volume_parameters") of `method`; none when absent.
LocalizerParameters storedParameters(const nlohmann::json& description, const char* key,
                                     const std::string& method) {
  LocalizerParameters parameters;
  if (!description.is_object() || !description.contains(key)) return parameters;
  const auto& all = description[key];
  if (!all.is_object() || !all.contains(method)) return parameters;
  for (const auto& [name, value] : all[method].items()) {
    if (!value.is_number()) {
      throw InvalidArgument(std::string("model.json ") + key + " of '" + method + "': '" + name +
                            "' is not a number");
    }
    parameters.set(name, value.get<double>());
  }
  return parameters;
}

/// A named value (`--set sampler=heun`) as the index the method's parameter takes.
double choiceValue(const std::vector<ParameterSpec>& specs, const std::string& name,
                   const std::string& text) {
  const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParameterSpec& candidate) {
    return candidate.name == name;
  });
  if (spec == specs.end()) throw InvalidArgument("unknown parameter '" + name + "'");
  if (const auto index = spec->choiceIndex(text)) return static_cast<double>(*index);
  std::string known;
  for (const auto& choice : spec->choices) known += (known.empty() ? "" : ", ") + choice;
  throw InvalidArgument("value '" + text + "' of parameter '" + name + "' is not a number" +
                        (known.empty() ? std::string() : " or one of " + known));
}

}  // namespace

void MethodOptions::addTo(CLI::App& command) {
  command.add_option("--method", m_method,
                     "Localization method (see `methods`; default: the bundle's default)");
  command.add_option("--model", m_model, "Model bundle folder (default: the embedded bundle)");
  command.add_option("--noise-level,-L", m_noiseLevel, "Noise level L (0 < L < T)");
  command.add_option("--guidance-scale,-s", m_guidanceScale, "Guidance scale s (or weight w)");
  command.add_option("--ensemble,-N", m_ensemble, "Ensemble members N");
  command.add_option("--steps,-K", m_steps, "Denoising steps K");
  command.add_option("--seed", m_seed, "Random seed");
  command.add_option("--set", m_settings, "Other method parameter, NAME=VALUE (repeatable)");
  command.add_option("--threads", m_threads, "LibTorch threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

LocalizerParameters MethodOptions::given(NamedValues& named) const {
  LocalizerParameters parameters;
  const std::pair<const char*, const std::optional<double>*> fixed[] = {
      {"noise-level", &m_noiseLevel},
      {"guidance-scale", &m_guidanceScale},
      {"ensemble", &m_ensemble},
      {"steps", &m_steps},
      {"seed", &m_seed}};
  for (const auto& [name, value] : fixed) {
    if (*value) parameters.set(name, **value);
  }
  for (const auto& setting : m_settings) {
    const auto equals = setting.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw InvalidArgument("--set '" + setting + "' is not NAME=VALUE");
    }
    const std::string name = setting.substr(0, equals);
    const std::string text = setting.substr(equals + 1);
    if (const auto value = parseNumber(text)) {
      parameters.set(name, *value);
    } else {
      named.emplace_back(name, text);
    }
  }
  return parameters;
}

PreparedMethod MethodOptions::prepare() const {
  NamedValues named;
  LocalizerParameters given = this->given(named);
  PreparedMethod prepared = prepare(m_method, m_model, given);
  if (named.empty()) return prepared;
  // Names of choices need the method's parameter descriptions, known only now.
  for (const auto& [name, text] : named) {
    given.set(name, choiceValue(prepared.localizer->parameters(), name, text));
  }
  prepared.given = given;
  prepared.parameters = parametersFor(prepared, given);
  return prepared;
}

LocalizerParameters MethodOptions::parametersFor(const PreparedMethod& prepared,
                                                 const LocalizerParameters& given,
                                                 bool wholeVolume) {
  const std::string& method = prepared.localizer->name();
  auto parameters = bundleDefaults(prepared.modelDescription, method);
  if (wholeVolume) {
    const auto volume = volumeDefaults(prepared.modelDescription, method);
    for (const auto& [key, value] : volume.values()) parameters.set(key, value);
  }
  for (const auto& [key, value] : given.values()) parameters.set(key, value);
  parameters.validate(prepared.localizer->parameters());
  return parameters;
}

/// The parameters `calibrate --set-default` stored for a method: what its threshold was
/// calibrated with, so a plain run uses the calibrated setting.
LocalizerParameters MethodOptions::bundleDefaults(const nlohmann::json& description,
                                                  const std::string& method) {
  return storedParameters(description, "default_parameters", method);
}

LocalizerParameters MethodOptions::volumeDefaults(const nlohmann::json& description,
                                                  const std::string& method) {
  return storedParameters(description, "volume_parameters", method);
}

nlohmann::json MethodOptions::bundleDescription(const std::optional<std::filesystem::path>& model) {
  const auto folder = model.value_or(InstallLayout::defaultModelFolder());
  if (!std::filesystem::exists(folder / "model.json")) return nlohmann::json::object();
  return readDescription(folder);
}

PreparedMethod MethodOptions::prepare(const std::optional<std::string>& method,
                                      const std::optional<std::filesystem::path>& model,
                                      const LocalizerParameters& given) {
  PreparedMethod prepared;
  prepared.modelFolder = model.value_or(InstallLayout::defaultModelFolder());
  nlohmann::json description;
  if (std::filesystem::exists(prepared.modelFolder / "model.json")) {
    description = readDescription(prepared.modelFolder);
  }
  const std::string name = method.value_or(
      description.is_object() ? description.value("default_method", "ddpm") : std::string("ddpm"));
  prepared.modelDescription = description;
  prepared.registry = std::make_unique<LocalizerRegistry>(InstallLayout::pluginFolder());
  prepared.localizer = prepared.registry->create(name);
  prepared.given = given;
  prepared.parameters = parametersFor(prepared, given);
  if (prepared.localizer->needsModel()) {
    if (!std::filesystem::is_directory(prepared.modelFolder)) {
      throw IoError("model bundle folder '" + prepared.modelFolder.string() + "' does not exist");
    }
    prepared.localizer->useModel(prepared.modelFolder);
  }
  return prepared;
}

}  // namespace anomadiff::cli
