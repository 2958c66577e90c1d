#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace anomadiff::lesions {

/// MOOD-style synthetic lesion families.
enum class LesionFamily {
  Ellipsoid,    ///< soft-edged intensity offset, bright or dark
  Noise,        ///< additive Gaussian noise inside a soft ellipsoid
  Deformation,  ///< smooth radial push (mass effect) or pull (atrophy) of the tissue
  Patch,        ///< tissue from elsewhere alpha-blended in
  Irregular,    ///< lobulated, non-ellipsoid region whose tissue is replaced by one dark
                ///< (stroke-like, CSF-dark) or bright intensity, whatever lay beneath
};

inline constexpr std::array<LesionFamily, 5> kAllLesionFamilies{
    LesionFamily::Ellipsoid, LesionFamily::Noise, LesionFamily::Deformation, LesionFamily::Patch,
    LesionFamily::Irregular};

/// "ellipsoid", "noise", "deformation", "patch", "irregular": the names the CLI and the JSON use.
std::string_view lesionFamilyName(LesionFamily family);
/// Throws InvalidArgument naming the bad name and the valid ones.
LesionFamily parseLesionFamily(std::string_view name);
/// A comma-separated list ("ellipsoid,noise"); throws InvalidArgument for an empty list or a
/// bad name. Duplicates are kept (they weight the random choice).
std::vector<LesionFamily> parseLesionFamilies(std::string_view commaSeparated);

}  // namespace anomadiff::lesions
