#include "run/MethodSetup.h"

#include "common/Error.h"
#include "run/InstallLayout.h"
#include "run/NumberText.h"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace anomadiff::run {
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

}  // namespace

LocalizerParameters MethodSetup::parametersFor(const PreparedMethod& prepared,
                                               const LocalizerParameters& given, bool wholeVolume) {
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

void MethodSetup::setUpFor(PreparedMethod& prepared, bool wholeVolume) {
  prepared.parameters = parametersFor(prepared, prepared.given, wholeVolume);
  prepared.localizer->setWholeVolume(wholeVolume);
}

/// The parameters `calibrate --set-default` stored for a method: what its threshold was
/// calibrated with, so a plain run uses the calibrated setting.
LocalizerParameters MethodSetup::bundleDefaults(const nlohmann::json& description,
                                                const std::string& method) {
  return storedParameters(description, "default_parameters", method);
}

LocalizerParameters MethodSetup::volumeDefaults(const nlohmann::json& description,
                                                const std::string& method) {
  return storedParameters(description, "volume_parameters", method);
}

nlohmann::json MethodSetup::bundleDescription(const std::optional<std::filesystem::path>& model) {
  const auto folder = model.value_or(InstallLayout::defaultModelFolder());
  if (!std::filesystem::exists(folder / "model.json")) return nlohmann::json::object();
  return readDescription(folder);
}

void MethodRequest::addSetting(const std::string& setting) {
  const auto equals = setting.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw InvalidArgument("--set '" + setting + "' is not NAME=VALUE");
  }
  const std::string name = setting.substr(0, equals);
  const std::string text = setting.substr(equals + 1);
  if (const auto value = parseNumber(text)) {
    given.set(name, *value);
  } else {
    named.emplace_back(name, text);
  }
}

PreparedMethod MethodSetup::prepare(const MethodRequest& request) {
  PreparedMethod prepared;
  prepared.modelFolder = request.model.value_or(InstallLayout::defaultModelFolder());
  nlohmann::json description;
  if (std::filesystem::exists(prepared.modelFolder / "model.json")) {
    description = readDescription(prepared.modelFolder);
  }
  const std::string name = request.method.value_or(
      description.is_object() ? description.value("default_method", "ddpm") : std::string("ddpm"));
  prepared.modelDescription = description;
  prepared.registry = std::make_unique<LocalizerRegistry>(InstallLayout::pluginFolder());
  prepared.localizer = prepared.registry->create(name);
  // Names of choices need the method's parameter descriptions, known only now.
  prepared.given = request.given;
  for (const auto& [parameter, text] : request.named) {
    prepared.given.set(parameter, choiceValue(prepared.localizer->parameters(), parameter, text));
  }
  prepared.parameters = parametersFor(prepared, prepared.given);
  if (prepared.localizer->needsModel()) {
    if (!std::filesystem::is_directory(prepared.modelFolder)) {
      throw IoError("model bundle folder '" + prepared.modelFolder.string() + "' does not exist");
    }
    prepared.localizer->useModel(prepared.modelFolder);
  }
  return prepared;
}

double MethodSetup::choiceValue(const std::vector<ParameterSpec>& specs, const std::string& name,
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

}  // namespace anomadiff::run
