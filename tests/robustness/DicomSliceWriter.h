#pragma once

#include <gdcmAttribute.h>
#include <gdcmDataElement.h>
#include <gdcmFile.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmUIDGenerator.h>
#include <gdcmWriter.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::test {

/// One MR slice as a series holds it: where it lies, how it is turned, its pixels.
struct DicomSlice {
  std::uint16_t columns = 64;
  std::uint16_t rows = 64;
  std::array<double, 3> position{0, 0, 0};
  std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
  int instance = 1;
  std::vector<float> pixels;  ///< rows × columns, row by row
};

/// Writes single-slice MR files (int16, Explicit VR Little Endian) of one study, series and frame
/// of reference with GDCM, attribute by attribute, so a test can put any slice anywhere: a gap,
/// two at one position, a turned one, a smaller one.
class DicomSliceWriter {
 public:
  DicomSliceWriter() {
    gdcm::UIDGenerator uids;
    m_study = uids.Generate();
    m_series = uids.Generate();
    m_frame = uids.Generate();
  }

  /// Returns false if GDCM could not write the file.
  bool write(const DicomSlice& slice, const std::filesystem::path& path) const {
    gdcm::Writer writer;
    gdcm::File& file = writer.GetFile();
    gdcm::DataSet& data = file.GetDataSet();
    gdcm::UIDGenerator uids;
    const char* kMrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    put<0x0008, 0x0016>(data, kMrImageStorage);  // SOP class
    put<0x0008, 0x0018>(data, uids.Generate());  // SOP instance
    put<0x0008, 0x0060>(data, "MR");
    put<0x0010, 0x0010>(data, "Robustness^Test");
    put<0x0010, 0x0020>(data, "ROBUST1");
    put<0x0020, 0x000d>(data, m_study.c_str());
    put<0x0020, 0x000e>(data, m_series.c_str());
    put<0x0020, 0x0052>(data, m_frame.c_str());
    put<0x0020, 0x0011>(data, 1);               // series number
    put<0x0020, 0x0013>(data, slice.instance);  // instance number
    gdcm::Attribute<0x0020, 0x0032> position;
    for (unsigned i = 0; i < 3; ++i) position.SetValue(slice.position[i], i);
    data.Replace(position.GetAsDataElement());
    gdcm::Attribute<0x0020, 0x0037> orientation;
    for (unsigned i = 0; i < 6; ++i) orientation.SetValue(slice.orientation[i], i);
    data.Replace(orientation.GetAsDataElement());
    gdcm::Attribute<0x0028, 0x0030> spacing;
    spacing.SetValue(1.0, 0);
    spacing.SetValue(1.0, 1);
    data.Replace(spacing.GetAsDataElement());
    put<0x0018, 0x0050>(data, 2.0);               // slice thickness
    put<0x0028, 0x0002>(data, std::uint16_t{1});  // samples per pixel
    put<0x0028, 0x0004>(data, "MONOCHROME2");
    put<0x0028, 0x0010>(data, slice.rows);
    put<0x0028, 0x0011>(data, slice.columns);
    put<0x0028, 0x0100>(data, std::uint16_t{16});  // bits allocated
    put<0x0028, 0x0101>(data, std::uint16_t{16});  // bits stored
    put<0x0028, 0x0102>(data, std::uint16_t{15});  // high bit
    put<0x0028, 0x0103>(data, std::uint16_t{1});   // signed
    std::vector<std::int16_t> pixels(slice.pixels.begin(), slice.pixels.end());
    gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
    pixelData.SetVR(gdcm::VR::OW);
    pixelData.SetByteValue(reinterpret_cast<const char*>(pixels.data()),
                           std::uint32_t(pixels.size() * sizeof(std::int16_t)));
    data.Replace(pixelData);
    file.GetHeader().SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
    std::filesystem::create_directories(path.parent_path());
    writer.SetFileName(path.c_str());
    return writer.Write();
  }

 private:
  template <std::uint16_t Group, std::uint16_t Element, class Value>
  static void put(gdcm::DataSet& data, Value value) {
    gdcm::Attribute<Group, Element> attribute;
    attribute.SetValue(value);
    data.Replace(attribute.GetAsDataElement());
  }

  std::string m_study;
  std::string m_series;
  std::string m_frame;
};

}  // namespace anomadiff::test
