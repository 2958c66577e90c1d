#include "cli/ScanIntakeChoice.h"

#include "common/Error.h"
#include "image/ImageReader.h"

namespace anomadiff::cli {
namespace {

std::filesystem::path resolved(const std::filesystem::path& folder, const std::string& file) {
  const std::filesystem::path path(file);
  return path.is_absolute() ? path : folder / path;
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

}  // namespace anomadiff::cli
