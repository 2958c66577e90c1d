#include "run/ScanIntakeChoice.h"

#include "common/Error.h"
#include "image/ImageReader.h"

#include <fstream>
#include <sstream>

namespace anomadiff::run {
namespace {

std::filesystem::path resolved(const std::filesystem::path& folder, const std::string& file) {
  const std::filesystem::path path(file);
  return path.is_absolute() ? path : folder / path;
}

std::string fileText(const std::filesystem::path& path) {
  std::ifstream stream(path);
  if (!stream) throw IoError("cannot open atlas names file '" + path.string() + "'");
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

AnatomicalAtlas readAtlas(const nlohmann::json& entry, const std::filesystem::path& folder) {
  const std::string name = entry.value("name", std::string("atlas"));
  const auto labels = resolved(folder, entry.value("labels", std::string()));
  const auto names = resolved(folder, entry.value("names", std::string()));
  if (!std::filesystem::is_regular_file(labels)) {
    throw IoError("the label image '" + labels.string() + "' is missing");
  }
  return AnatomicalAtlas(name, ImageReader().read(labels),
                         AnatomicalAtlas::parseNames(fileText(names), names.string()));
}

void requireRegistrationMode(const std::string& mode) {
  if (mode != "auto" && mode != "off") {
    throw InvalidArgument("--registration '" + mode + "' is not one of auto, off");
  }
}

}  // namespace

preprocess::ScanIntakeOptions ScanIntakeChoice::options(const nlohmann::json& description,
                                                        const IntakeRequest& request) {
  preprocess::ScanIntakeOptions options;
  if (request.scanKind == "raw") {
    options.kind = preprocess::ScanKind::Raw;
  } else if (request.scanKind == "skull-stripped") {
    options.kind = preprocess::ScanKind::SkullStripped;
  } else if (request.scanKind != "detect") {
    throw InvalidArgument("--scan-kind '" + request.scanKind +
                          "' is not one of detect, raw, skull-stripped");
  }
  requireRegistrationMode(request.registration);
  options.registerToTemplate = request.registration == "auto";
  if (request.biasCorrection == "on") {
    options.biasCorrection = preprocess::BiasCorrection::On;
  } else if (request.biasCorrection == "off") {
    options.biasCorrection = preprocess::BiasCorrection::Off;
  } else if (request.biasCorrection != "auto") {
    throw InvalidArgument("--bias-correction '" + request.biasCorrection +
                          "' is not one of auto, on, off");
  }
  if (description.contains("input")) {
    options.modelOrientation = description["input"].value("orientation", std::string());
  }
  return options;
}

std::optional<preprocess::ScanTemplate> ScanIntakeChoice::loadTemplate(
    const nlohmann::json& description, const std::filesystem::path& bundleFolder,
    const IntakeRequest& request, std::string& problem) {
  requireRegistrationMode(request.registration);
  if (request.registration == "off" || !description.contains("template")) return std::nullopt;
  const auto& entry = description["template"];
  preprocess::ScanTemplate scanTemplate;
  scanTemplate.name = entry.value("name", std::string("template"));
  const auto head = resolved(bundleFolder, entry.value("head", std::string()));
  const auto brain = resolved(bundleFolder, entry.value("brain", std::string()));
  for (const auto& path : {head, brain}) {
    if (!std::filesystem::is_regular_file(path)) {
      problem = "the model's template image '" + path.string() +
                "' is missing (install mricron-data): the scan was not registered";
      return std::nullopt;
    }
  }
  scanTemplate.head = ImageReader().read(head);
  scanTemplate.brain = ImageReader().read(brain);
  return scanTemplate;
}

std::vector<AnatomicalAtlas> ScanIntakeChoice::loadAtlases(
    const nlohmann::json& description, const std::filesystem::path& bundleFolder,
    std::vector<std::string>& problems) {
  std::vector<AnatomicalAtlas> atlases;
  if (!description.contains("template")) return atlases;
  for (const auto& entry : description["template"].value("atlases", nlohmann::json::array())) {
    try {
      atlases.push_back(readAtlas(entry, bundleFolder));
    } catch (const Error& error) {
      problems.push_back("atlas '" + entry.value("name", std::string("atlas")) + "' left out (" +
                         error.what() + "): findings are not named in it");
    }
  }
  return atlases;
}

}  // namespace anomadiff::run
