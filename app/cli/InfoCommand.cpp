#include "cli/InfoCommand.h"

#include "image/ImageReader.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace anomadiff::cli {
namespace {

struct IntensityRange {
  float minimum = std::numeric_limits<float>::infinity();
  float maximum = -std::numeric_limits<float>::infinity();
};

IntensityRange finiteRange(const Image& image) {
  IntensityRange range;
  for (float v : image.voxels()) {
    if (!std::isfinite(v)) continue;
    range.minimum = std::min(range.minimum, v);
    range.maximum = std::max(range.maximum, v);
  }
  return range;
}

}  // namespace

CLI::App* InfoCommand::addTo(CLI::App& app) {
  auto* command = app.add_subcommand("info", "Print an image's geometry, type and value range");
  command->add_option("input", m_input, "Image file (NIfTI, MHA, NRRD, PNG) or DICOM folder")
      ->required();
  command->add_flag("--json", m_json, "Print JSON instead of text");
  return command;
}

int InfoCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  const Image image = ImageReader().read(m_input);
  const auto& g = image.geometry();
  const IntensityRange range = finiteRange(image);
  const nlohmann::json info = {{"file", m_input.string()},
                               {"size", g.size},
                               {"spacing", g.spacing},
                               {"origin", g.origin},
                               {"direction", g.direction},
                               {"stored_as", std::string(sampleTypeName(image.storedAs()))},
                               {"minimum", range.minimum},
                               {"maximum", range.maximum},
                               {"non_finite_voxels", image.nonFiniteCount()}};
  if (m_json) {
    out << info.dump(2) << "\n";
    return 0;
  }
  out << "file:      " << m_input.string() << "\n"
      << "size:      " << g.size[0] << " x " << g.size[1] << " x " << g.size[2] << "\n"
      << "spacing:   " << g.spacing[0] << " x " << g.spacing[1] << " x " << g.spacing[2] << "\n"
      << "origin:    " << g.origin[0] << ", " << g.origin[1] << ", " << g.origin[2] << "\n"
      << "stored as: " << sampleTypeName(image.storedAs()) << "\n"
      << "range:     " << range.minimum << " .. " << range.maximum << "\n"
      << "non-finite voxels: " << image.nonFiniteCount() << "\n";
  return 0;
}

}  // namespace anomadiff::cli
