#pragma once

#include "image/Image.h"

#include <array>
#include <map>
#include <string>

namespace anomadiff {

/// A label volume in template space (e.g. AAL or Harvard-Oxford on the MNI grid) with the name
/// of each label. Lookups go by physical point, so an atlas on another grid of the same space
/// (FSL's 182 × 218 × 182 against Colin27's 181 × 217 × 181) needs no resampling.
class AnatomicalAtlas {
 public:
  /// Throws InvalidArgument for a 2D label image or one without any named label.
  AnatomicalAtlas(std::string name, Image labels, std::map<int, std::string> names);

  /// The names file of FSL/MRIcron atlases: one label per line, "index<TAB>name[<TAB>...]" (a
  /// name may hold spaces) or "index name [anything]" (MRIcron's AAL: the name is one word);
  /// blank lines and lines starting with '#' are skipped. `origin` names the file in errors.
  /// Throws IoError for a line without an integer index and a name.
  static std::map<int, std::string> parseNames(const std::string& text, const std::string& origin);

  const std::string& name() const { return m_name; }
  /// The label at a physical point (LPS mm; nearest voxel); 0 outside the atlas's grid.
  int labelAt(const std::array<double, 3>& point) const;
  /// "" for 0 and for labels the names file does not list.
  std::string nameOf(int label) const;

 private:
  std::string m_name;
  Image m_labels;
  std::map<int, std::string> m_names;
  std::array<double, 12> m_physicalToIndex{};  // row-major 3 × 4
};

}  // namespace anomadiff
