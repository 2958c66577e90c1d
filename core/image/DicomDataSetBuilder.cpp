#include "image/DicomDataSetBuilder.h"

#include <gdcmItem.h>
#include <gdcmSequenceOfItems.h>

namespace anomadiff {

DicomDataSetBuilder& DicomDataSetBuilder::text(const gdcm::Tag& tag, gdcm::VR vr,
                                               std::string_view value) {
  std::vector<char> bytes(value.begin(), value.end());
  if (bytes.size() % 2 != 0) bytes.push_back(vr == gdcm::VR::UI ? '\0' : ' ');
  return binary(tag, vr, std::move(bytes));
}

DicomDataSetBuilder& DicomDataSetBuilder::binary(const gdcm::Tag& tag, gdcm::VR vr,
                                                 std::vector<char> bytes) {
  if (bytes.size() % 2 != 0) bytes.push_back('\0');
  gdcm::DataElement element(tag);
  element.SetVR(vr);
  element.SetByteValue(bytes.data(), gdcm::VL(static_cast<std::uint32_t>(bytes.size())));
  m_dataSet.Replace(element);
  return *this;
}

DicomDataSetBuilder& DicomDataSetBuilder::sequence(const gdcm::Tag& tag,
                                                   const std::vector<gdcm::DataSet>& items) {
  // Undefined lengths let GDCM encode nested items without computing their sizes up front.
  gdcm::SmartPointer<gdcm::SequenceOfItems> sequence = new gdcm::SequenceOfItems;
  sequence->SetLengthToUndefined();
  for (const auto& nested : items) {
    gdcm::Item item;
    item.SetVLToUndefined();
    item.SetNestedDataSet(nested);
    sequence->AddItem(item);
  }
  gdcm::DataElement element(tag);
  element.SetVR(gdcm::VR::SQ);
  element.SetValue(*sequence);
  element.SetVLToUndefined();
  m_dataSet.Replace(element);
  return *this;
}

gdcm::DataSet DicomDataSetBuilder::code(std::string_view value, std::string_view scheme,
                                        std::string_view meaning) {
  namespace kw = gdcm::Keywords;
  DicomDataSetBuilder item;
  item.text<kw::CodeValue>(value).text<kw::CodingSchemeDesignator>(scheme).text<kw::CodeMeaning>(
      meaning);
  return item.dataSet();
}

std::vector<char> DicomDataSetBuilder::littleEndian(const std::vector<std::uint32_t>& values,
                                                    std::size_t bytesEach) {
  std::vector<char> bytes;
  for (const std::uint32_t value : values) {
    for (std::size_t i = 0; i < bytesEach; ++i) bytes.push_back(char((value >> (8 * i)) & 0xff));
  }
  return bytes;
}

}  // namespace anomadiff
