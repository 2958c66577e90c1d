#pragma once
// Private to anomadiff_core (GDCM types).

#include <gdcmDataSet.h>
#include <gdcmTagKeywords.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace anomadiff {

/// Fills a gdcm::DataSet for Explicit VR Little Endian. Attributes are named by their GDCM
/// keyword type (gdcm::Keywords::PatientName), which brings the tag and the dictionary VR, so a
/// writer reads as the list of attributes of its IOD and a wrong VR cannot slip in. Values are
/// padded to even length as PS3.5 7.1 wants (UI with NUL, other text with a space).
class DicomDataSetBuilder {
 public:
  template <class Keyword>
  DicomDataSetBuilder& text(std::string_view value) {
    return text(Keyword::GetTag(), Keyword::GetVR(), value);
  }
  /// US (one value).
  template <class Keyword>
  DicomDataSetBuilder& uint16(std::uint16_t value) {
    return binary(Keyword::GetTag(), gdcm::VR::US, littleEndian({value}, 2));
  }
  /// UL (one or more values).
  template <class Keyword>
  DicomDataSetBuilder& uint32(const std::vector<std::uint32_t>& values) {
    return binary(Keyword::GetTag(), gdcm::VR::UL, littleEndian(values, 4));
  }
  /// AT: the value names another attribute.
  template <class Keyword, class Target>
  DicomDataSetBuilder& tagOf() {
    const gdcm::Tag target = Target::GetTag();
    return binary(Keyword::GetTag(), gdcm::VR::AT,
                  littleEndian({target.GetGroup(), target.GetElement()}, 2));
  }
  template <class Keyword>
  DicomDataSetBuilder& sequence(const std::vector<gdcm::DataSet>& items) {
    return sequence(Keyword::GetTag(), items);
  }
  DicomDataSetBuilder& binary(const gdcm::Tag& tag, gdcm::VR vr, std::vector<char> bytes);

  const gdcm::DataSet& dataSet() const { return m_dataSet; }

  /// An item of a code sequence (PS3.3 8.8): value, coding scheme, human-readable meaning.
  static gdcm::DataSet code(std::string_view value, std::string_view scheme,
                            std::string_view meaning);

 private:
  DicomDataSetBuilder& text(const gdcm::Tag& tag, gdcm::VR vr, std::string_view value);
  DicomDataSetBuilder& sequence(const gdcm::Tag& tag, const std::vector<gdcm::DataSet>& items);
  static std::vector<char> littleEndian(const std::vector<std::uint32_t>& values,
                                        std::size_t bytesEach);

  gdcm::DataSet m_dataSet;
};

}  // namespace anomadiff
