#include "engine/io/ModelBundle.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "engine/io/Sha256.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "engine/networks/UNetDenoiser.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <fstream>

namespace anomadiff::engine {
namespace {

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

nlohmann::json readDescription(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) {
    throw IoError("model bundle file " + quoted(file) + " does not exist");
  }
  if (std::filesystem::file_size(file) > (1u << 20)) {
    throw IoError("model description " + quoted(file) + " is larger than 1 MiB");
  }
  std::ifstream stream(file);
  try {
    return nlohmann::json::parse(stream);
  } catch (const nlohmann::json::exception& error) {
    throw IoError("model description " + quoted(file) + " is not valid JSON: " + error.what());
  }
}

bool isIntegerIn(const nlohmann::json& value, std::int64_t low, std::int64_t high) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= std::uint64_t(high);
  return value.is_number_integer() && value.get<std::int64_t>() >= low &&
         value.get<std::int64_t>() <= high;
}

bool isArrayOfStrings(const nlohmann::json& value) {
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const auto& item) { return item.is_string(); });
}

bool isObjectOfStrings(const nlohmann::json& value) {
  return value.is_object() &&
         std::all_of(value.begin(), value.end(), [](const auto& item) { return item.is_string(); });
}

/// The fields the accessors read (name(), classNames(), healthyClass(), resolution(),
/// slotForMethod()), checked once here: a wrong type would otherwise escape from an accessor
/// later as a raw nlohmann::json exception, and a float where an integer belongs would be
/// converted with undefined behaviour.
void checkAccessorFields(const nlohmann::json& description) {
  const auto wrong = [](const char* field, const char* what) {
    return InvalidArgument(std::string("'") + field + "' must be " + what);
  };
  if (description.contains("name") && !description["name"].is_string()) {
    throw wrong("name", "a string");
  }
  if (description.contains("classes") && !isArrayOfStrings(description["classes"])) {
    throw wrong("classes", "an array of strings");
  }
  if (description.contains("healthy_class") &&
      !isIntegerIn(description["healthy_class"], INT64_MIN, INT64_MAX)) {
    throw wrong("healthy_class", "an integer");
  }
  const auto& input = description.at("input");
  if (!input.is_object()) throw wrong("input", "an object");
  if (input.contains("resolution") && !isIntegerIn(input["resolution"], 1, INT_MAX)) {
    throw wrong("input.resolution", "a positive integer");
  }
  if (description.contains("method_denoisers") &&
      !isObjectOfStrings(description["method_denoisers"])) {
    throw wrong("method_denoisers", "an object of slot names");
  }
}

}  // namespace

ModelBundle ModelBundle::load(const std::filesystem::path& folder) {
  ModelBundle bundle;
  bundle.m_folder = folder;
  const auto file = folder / kDescriptionFile;
  bundle.m_description = readDescription(file);
  const auto& description = bundle.m_description;
  try {
    const auto& versionField = description.at("format_version");
    if (!isIntegerIn(versionField, INT_MIN, INT_MAX)) {
      throw InvalidArgument("'format_version' must be an integer, not " + versionField.dump());
    }
    const int version = versionField.get<int>();
    if (version != kFormatVersion) {
      throw InvalidArgument("model bundle " + quoted(folder) + " has format version " +
                            std::to_string(version) + ", this AnomaDiff reads version " +
                            std::to_string(kFormatVersion));
    }
    checkAccessorFields(description);
    bundle.m_schedule = ScheduleConfig::fromJson(description.at("schedule"));
    for (const char* slot : {kConditionalSlot, kHealthySlot}) {
      if (!description.contains(slot)) continue;
      auto& config = std::string(slot) == kConditionalSlot ? bundle.m_conditionalConfig
                                                           : bundle.m_healthyConfig;
      config = UNetConfig::fromJson(description.at(slot).at("architecture"));
    }
    if (!bundle.m_conditionalConfig && !bundle.m_healthyConfig) {
      throw InvalidArgument("model description " + quoted(file) +
                            " has neither a 'denoiser' nor a 'healthy_denoiser' entry");
    }
    if (description.contains("classifier")) {
      bundle.m_classifierConfig =
          NoisyClassifierNetConfig::fromJson(description.at("classifier").at("architecture"));
    }
    // Inside the try: an entry without a string "file" or "sha256" is a bad description too.
    if (bundle.m_conditionalConfig) bundle.verifyWeights(kConditionalSlot);
    if (bundle.m_healthyConfig) bundle.verifyWeights(kHealthySlot);
    if (bundle.m_classifierConfig) bundle.verifyWeights("classifier");
  } catch (const nlohmann::json::exception& error) {
    throw InvalidArgument("model description " + quoted(file) + " lacks a field: " + error.what());
  } catch (const InvalidArgument& error) {
    throw InvalidArgument("model description " + quoted(file) + ": " + error.what());
  }
  return bundle;
}

void ModelBundle::verifyWeights(const char* key) const {
  const auto& entry = m_description.at(key);
  const auto file = m_folder / entry.at("file").get<std::string>();
  // The error_code overload: a name the file system refuses (too long) is a missing file too,
  // not a std::filesystem::filesystem_error escaping the loader.
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw IoError("model weights " + quoted(file) + " do not exist");
  const std::string expected = entry.at("sha256").get<std::string>();
  const std::string actual = Sha256::ofFile(file);
  if (actual != expected) {
    throw IoError("model weights " + quoted(file) + " have sha256 " + actual.substr(0, 12) +
                  "…, model.json expects " + expected.substr(0, 12) +
                  "… (corrupt or replaced file)");
  }
}

std::string ModelBundle::name() const {
  return m_description.value("name", m_folder.filename().string());
}

std::vector<std::string> ModelBundle::classNames() const {
  return m_description.value("classes", std::vector<std::string>{});
}

std::int64_t ModelBundle::healthyClass() const {
  return m_description.value("healthy_class", std::int64_t{0});
}

int ModelBundle::resolution() const {
  return m_description.at("input").value("resolution", 64);
}

const std::optional<UNetConfig>& ModelBundle::denoiserConfig(const std::string& slot) const {
  return slot == kHealthySlot ? m_healthyConfig : m_conditionalConfig;
}

std::string ModelBundle::primarySlot() const {
  return m_conditionalConfig ? kConditionalSlot : kHealthySlot;
}

std::string ModelBundle::slotForMethod(const std::string& method, bool guided) const {
  const auto choices = m_description.value("method_denoisers", nlohmann::json::object());
  if (choices.contains(method)) {
    const std::string slot = choices.at(method).get<std::string>();
    if (!hasDenoiser(slot)) {
      throw InvalidArgument("model bundle " + quoted(m_folder) + " assigns method '" + method +
                            "' the denoiser '" + slot + "', which it does not hold");
    }
    return slot;
  }
  if (!guided && m_healthyConfig) return kHealthySlot;
  return primarySlot();
}

std::string ModelBundle::denoiserSha256(const std::string& slot) const {
  return m_description.at(slot).at("sha256").get<std::string>();
}

std::unique_ptr<UNetDenoiser> ModelBundle::createDenoiser() const {
  return createDenoiser(primarySlot());
}

std::unique_ptr<UNetDenoiser> ModelBundle::createDenoiser(const std::string& slot) const {
  const auto& config = denoiserConfig(slot);
  if (!config) {
    throw InvalidArgument("model bundle " + quoted(m_folder) + " has no '" + slot + "' entry");
  }
  return UNetDenoiser::fromFile(*config,
                                m_folder / m_description.at(slot).at("file").get<std::string>());
}

std::unique_ptr<NoisyClassifierNetAdapter> ModelBundle::createClassifier() const {
  if (!m_classifierConfig)
    throw InvalidArgument("model bundle " + quoted(m_folder) + " has no classifier");
  return NoisyClassifierNetAdapter::fromFile(
      *m_classifierConfig, m_folder / m_description.at("classifier").at("file").get<std::string>());
}

void ModelBundle::writeDescription(const std::filesystem::path& folder,
                                   nlohmann::json description) {
  description["format_version"] = kFormatVersion;
  for (const char* key : {kConditionalSlot, kHealthySlot, "classifier"}) {
    if (!description.contains(key)) continue;
    auto& entry = description[key];
    entry["sha256"] = Sha256::ofFile(folder / entry.at("file").get<std::string>());
  }
  TextFileWriter().write(folder / kDescriptionFile, description.dump(2) + "\n");
}

}  // namespace anomadiff::engine
