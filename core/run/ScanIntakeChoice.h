#pragma once

#include "localize/AnatomicalAtlas.h"
#include "preprocess/ScanIntakeOptions.h"
#include "preprocess/ScanTemplate.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::run {

/// How `localize` and the worker bring a scan into the model's space: the user's choices
/// (--scan-kind, --registration) and what the bundle states (input.orientation, template).
struct IntakeRequest {
  std::string scanKind = "detect";      ///< detect | raw | skull-stripped
  std::string registration = "auto";    ///< auto (when the bundle has a template) | off
  std::string biasCorrection = "auto";  ///< auto (raw scans) | on | off
};

/// The intake a bundle asks for. model.json's "template" holds "head" and "brain" image paths
/// (absolute, or relative to the bundle folder) and a "name"; "input.orientation" the code of
/// the model's slices. A bundle without them keeps the scan's axes and does not register.
class ScanIntakeChoice {
 public:
  /// Throws InvalidArgument for an unknown scan kind or registration mode.
  static preprocess::ScanIntakeOptions options(const nlohmann::json& description,
                                               const IntakeRequest& request);

  /// The bundle's template, read from disk; nullopt when the bundle names none or registration
  /// is off. A named template whose files are missing is reported in `problem` (one line) and
  /// yields nullopt, so a scan is still analysed, with a warning.
  static std::optional<preprocess::ScanTemplate> loadTemplate(
      const nlohmann::json& description, const std::filesystem::path& bundleFolder,
      const IntakeRequest& request, std::string& problem);

  /// The atlases of the bundle's template ("template.atlases": name, "labels" image and "names"
  /// file, paths as for the template), read from disk. An atlas whose files are missing or
  /// unreadable is left out and named in `problems` (one line each).
  static std::vector<AnatomicalAtlas> loadAtlases(const nlohmann::json& description,
                                                  const std::filesystem::path& bundleFolder,
                                                  std::vector<std::string>& problems);
};

}  // namespace anomadiff::run
