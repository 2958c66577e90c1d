#include "lesions/LesionFamily.h"

#include "common/Error.h"

#include <string>

namespace anomadiff::lesions {

std::string_view lesionFamilyName(LesionFamily family) {
  switch (family) {
    case LesionFamily::Ellipsoid:
      return "ellipsoid";
    case LesionFamily::Noise:
      return "noise";
    case LesionFamily::Deformation:
      return "deformation";
    case LesionFamily::Patch:
      return "patch";
    case LesionFamily::Irregular:
      return "irregular";
  }
  return "unknown";
}

LesionFamily parseLesionFamily(std::string_view name) {
  for (LesionFamily family : kAllLesionFamilies) {
    if (lesionFamilyName(family) == name) return family;
  }
  throw InvalidArgument("unknown lesion family '" + std::string(name) +
                        "' (expected ellipsoid, noise, deformation, patch or irregular)");
}

std::vector<LesionFamily> parseLesionFamilies(std::string_view commaSeparated) {
  std::vector<LesionFamily> families;
  std::size_t start = 0;
  while (start <= commaSeparated.size()) {
    const std::size_t comma = std::min(commaSeparated.find(',', start), commaSeparated.size());
    families.push_back(parseLesionFamily(commaSeparated.substr(start, comma - start)));
    start = comma + 1;
  }
  return families;
}

}  // namespace anomadiff::lesions
