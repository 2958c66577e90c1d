#include "engine/io/ModelBundle.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "engine/io/Sha256.h"
#include "engine/networks/FewShotHead.h"
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
/// resolution(slot), slotForMethod()), checked once here: a wrong type would otherwise escape from
/// an accessor later as a raw nlohmann::json exception, and a float where an integer belongs would
/// be converted with undefined behaviour.
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
  for (const auto& slot : ModelBundle::unetSlots()) {
    if (!description.contains(slot) || !description[slot].is_object()) continue;
    const auto& entry = description[slot];
    if (entry.contains("resolution") && !isIntegerIn(entry["resolution"], 1, INT_MAX)) {
      throw wrong((slot + ".resolution").c_str(), "a positive integer");
    }
  }
  for (const char* map : {"method_denoisers", "volume_denoisers"}) {
    if (description.contains(map) && !isObjectOfStrings(description[map])) {
      throw wrong(map, "an object of slot names");
    }
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
    for (const auto& slot : unetSlots()) {
      auto& config = bundle.m_unetConfigs[slot];
      if (description.contains(slot)) {
        config = UNetConfig::fromJson(description.at(slot).at("architecture"));
      }
    }
    if (!bundle.hasDenoiser(kConditionalSlot) && !bundle.hasDenoiser(kHealthySlot)) {
      throw InvalidArgument("model description " + quoted(file) +
                            " has neither a 'denoiser' nor a 'healthy_denoiser' entry");
    }
    if (description.contains("classifier")) {
      bundle.m_classifierConfig =
          NoisyClassifierNetConfig::fromJson(description.at("classifier").at("architecture"));
    }
    // Inside the try: an entry without a string "file" or "sha256" is a bad description too.
    for (const auto& slot : unetSlots()) {
      if (bundle.hasDenoiser(slot)) bundle.verifyWeights(slot.c_str());
    }
    if (bundle.m_classifierConfig) bundle.verifyWeights("classifier");
    if (description.contains(kFewShotEntry)) {
      bundle.m_fewShotConfig =
          FewShotHeadConfig::fromJson(description.at(kFewShotEntry).at("architecture"));
      bundle.checkFewShotSource();
      bundle.verifyWeights(kFewShotEntry);
    }
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

void ModelBundle::checkFewShotSource() const {
  const auto& head = *m_fewShotConfig;
  if (!hasImageDenoiser(head.sourceSlot)) {
    throw InvalidArgument("'fewshot' reads the features of '" + head.sourceSlot +
                          "', which is not an image denoiser of the bundle");
  }
  const auto& source = *denoiserConfig(head.sourceSlot);
  int channels = 0;
  for (int multiplier : source.channelMultipliers) channels += source.baseChannels * multiplier;
  const auto recorded = m_description.value("training", nlohmann::json::object())
                            .value(kFewShotEntry, nlohmann::json::object())
                            .value("source", nlohmann::json::object())
                            .value("sha256", std::string());
  if (head.featureChannels != channels ||
      (!recorded.empty() && recorded != denoiserSha256(head.sourceSlot))) {
    throw InvalidArgument("the 'fewshot' head was trained on features of another '" +
                          head.sourceSlot +
                          "' than the bundle holds now: retrain it with "
                          "anomadiff-cli train-fewshot");
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

int ModelBundle::resolutionOf(const nlohmann::json& description, const std::string& slot) {
  const int shared = description.at("input").value("resolution", 64);
  const auto entry = description.find(slot);
  return entry != description.end() && entry->is_object() ? entry->value("resolution", shared)
                                                          : shared;
}

const std::vector<std::string>& ModelBundle::unetSlots() {
  static const std::vector<std::string> slots = {kConditionalSlot, kHealthySlot, kVolumeSlot,
                                                 kSegmenterSlot, kBernoulliSegmenterSlot};
  return slots;
}

const std::optional<UNetConfig>& ModelBundle::denoiserConfig(const std::string& slot) const {
  static const std::optional<UNetConfig> none;
  const auto found = m_unetConfigs.find(slot);
  return found == m_unetConfigs.end() ? none : found->second;
}

std::string ModelBundle::primarySlot() const {
  return hasDenoiser(kConditionalSlot) ? kConditionalSlot : kHealthySlot;
}

std::string ModelBundle::slotForMethod(const std::string& method, bool guided,
                                       bool wholeVolume) const {
  if (wholeVolume) {
    if (const auto slot = assignedSlot("volume_denoisers", method)) return *slot;
  }
  if (const auto slot = assignedSlot("method_denoisers", method)) return *slot;
  if (!guided && hasDenoiser(kHealthySlot)) return kHealthySlot;
  return primarySlot();
}

std::optional<std::string> ModelBundle::assignedSlot(const char* map,
                                                     const std::string& method) const {
  const auto choices = m_description.value(map, nlohmann::json::object());
  if (!choices.contains(method)) return std::nullopt;
  const std::string slot = choices.at(method).get<std::string>();
  if (!hasImageDenoiser(slot)) {
    throw InvalidArgument("model bundle " + quoted(m_folder) + " assigns method '" + method +
                          "' the denoiser '" + slot + "' in " + map +
                          ", which is not an image denoiser it holds");
  }
  return slot;
}

bool ModelBundle::standsAlone(const std::string& slot) {
  return slot == kHealthySlot || slot == kVolumeSlot;
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

std::shared_ptr<FewShotHeadImpl> ModelBundle::createFewShotHead() const {
  if (!m_fewShotConfig)
    throw InvalidArgument("model bundle " + quoted(m_folder) + " has no fewshot head");
  return FewShotHeadImpl::fromFile(
      *m_fewShotConfig, m_folder / m_description.at(kFewShotEntry).at("file").get<std::string>());
}

void ModelBundle::writeDescription(const std::filesystem::path& folder,
                                   nlohmann::json description) {
  description["format_version"] = kFormatVersion;
  auto keys = unetSlots();
  keys.push_back("classifier");
  keys.push_back(kFewShotEntry);
  for (const auto& key : keys) {
    if (!description.contains(key)) continue;
    auto& entry = description[key];
    entry["sha256"] = Sha256::ofFile(folder / entry.at("file").get<std::string>());
  }
  TextFileWriter().write(folder / kDescriptionFile, description.dump(2) + "\n");
}

}  // namespace anomadiff::engine
