#include "image/DicomSourceReader.h"

#include "common/Error.h"

#include <gdcmReader.h>
#include <gdcmStringFilter.h>
#include <gdcmTagKeywords.h>

#include <charconv>

namespace anomadiff {
namespace {

namespace kw = gdcm::Keywords;

/// One file's attributes, parsed up to (not including) its pixel data, as text.
class SourceFile {
 public:
  explicit SourceFile(const std::string& path) {
    m_reader.SetFileName(path.c_str());
    if (!m_reader.ReadUpToTag(gdcm::Tag(0x7fe0, 0x0010))) {
      throw IoError("cannot read the DICOM attributes of '" + path + "'");
    }
    m_filter.SetFile(m_reader.GetFile());
  }

  /// Empty when absent. DICOM pads text to even length with a space or NUL, which must not end
  /// up inside a copied value.
  template <class Keyword>
  std::string text() const {
    std::string value = m_filter.ToString(Keyword::GetTag());
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
    return value;
  }

  /// 0 when absent or not a number: the size check against the mask then refuses it.
  template <class Keyword>
  std::size_t count() const {
    const std::string value = text<Keyword>();
    std::size_t number = 0;
    std::from_chars(value.data(), value.data() + value.size(), number);
    return number;
  }

 private:
  gdcm::Reader m_reader;  // declared first: the filter refers to its file
  gdcm::StringFilter m_filter;
};

/// Study, patient and geometry are the same in every slice of a series: taken from the first.
void readSeriesLevel(const SourceFile& first, DicomSource& source) {
  source.studyInstanceUid = first.text<kw::StudyInstanceUID>();
  source.seriesInstanceUid = first.text<kw::SeriesInstanceUID>();
  source.frameOfReferenceUid = first.text<kw::FrameOfReferenceUID>();
  source.specificCharacterSet = first.text<kw::SpecificCharacterSet>();
  source.patientName = first.text<kw::PatientName>();
  source.patientId = first.text<kw::PatientID>();
  source.patientBirthDate = first.text<kw::PatientBirthDate>();
  source.patientSex = first.text<kw::PatientSex>();
  source.studyDate = first.text<kw::StudyDate>();
  source.studyTime = first.text<kw::StudyTime>();
  source.studyId = first.text<kw::StudyID>();
  source.accessionNumber = first.text<kw::AccessionNumber>();
  source.referringPhysicianName = first.text<kw::ReferringPhysicianName>();
  source.modality = first.text<kw::Modality>();
  source.imageOrientation = first.text<kw::ImageOrientationPatient>();
  source.pixelSpacing = first.text<kw::PixelSpacing>();
  source.sliceThickness = first.text<kw::SliceThickness>();
  source.rows = first.count<kw::Rows>();
  source.columns = first.count<kw::Columns>();
}

}  // namespace

DicomSource DicomSourceReader::read(const std::vector<std::string>& files) {
  DicomSource source;
  for (std::size_t k = 0; k < files.size(); ++k) {
    const SourceFile file(files[k]);
    if (k == 0) readSeriesLevel(file, source);
    DicomSource::Slice slice{file.text<kw::SOPClassUID>(),
                             file.text<kw::SOPInstanceUID>(),
                             file.text<kw::ImagePositionPatient>(),
                             file.text<kw::ImageOrientationPatient>(),
                             file.count<kw::Rows>(),
                             file.count<kw::Columns>()};
    if (slice.sopInstanceUid.empty()) {
      throw IoError("DICOM file '" + files[k] + "' has no SOP instance UID");
    }
    source.slices.push_back(std::move(slice));
  }
  return source;
}

}  // namespace anomadiff
