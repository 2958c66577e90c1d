#include "image/DicomSegWriter.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"
#include "common/Version.h"
#include "image/DicomDataSetBuilder.h"
#include "image/DicomUid.h"

#include <gdcmWriter.h>

#include <ctime>

namespace anomadiff {
namespace {

namespace kw = gdcm::Keywords;
using Builder = DicomDataSetBuilder;

constexpr const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";
/// Type 1 in the Segmentation Series module; high so the SEG sorts after the source series.
constexpr const char* kSeriesNumber = "1000";
constexpr std::uint16_t kSegmentNumber = 1;
/// kw::PixelData cannot be instantiated: its dictionary VR (OB or OW) has no value type.
const gdcm::Tag kPixelData(0x7fe0, 0x0010);

/// `time` as local "YYYYMMDD" or "HHMMSS", for ContentDate/ContentTime (type 1).
std::string localTime(std::time_t time, const char* format) {
  std::tm local{};
  localtime_r(&time, &local);
  char text[16];
  std::strftime(text, sizeof text, format, &local);
  return text;
}

void checkSize(const DicomSource& source, const Image& mask, const std::filesystem::path& path) {
  const auto& size = mask.geometry().size;
  if (size[0] != source.columns || size[1] != source.rows || size[2] != source.slices.size()) {
    throw InvalidArgument("cannot write '" + path.string() + "': the mask's size " +
                          std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" +
                          std::to_string(size[2]) + " differs from the DICOM series' " +
                          std::to_string(source.columns) + "x" + std::to_string(source.rows) + "x" +
                          std::to_string(source.slices.size()) + " (columns x rows x slices)");
  }
}

/// Patient and General Study modules: copied, so the SEG files into the source's study.
void addPatientAndStudy(Builder& b, const DicomSource& source) {
  if (!source.specificCharacterSet.empty()) {
    b.text<kw::SpecificCharacterSet>(source.specificCharacterSet);
  }
  b.text<kw::PatientName>(source.patientName)
      .text<kw::PatientID>(source.patientId)
      .text<kw::PatientBirthDate>(source.patientBirthDate)
      .text<kw::PatientSex>(source.patientSex)
      .text<kw::StudyInstanceUID>(source.studyInstanceUid)
      .text<kw::StudyDate>(source.studyDate)
      .text<kw::StudyTime>(source.studyTime)
      .text<kw::StudyID>(source.studyId)
      .text<kw::AccessionNumber>(source.accessionNumber)
      .text<kw::ReferringPhysicianName>(source.referringPhysicianName);
}

/// Segmentation Series, (Enhanced) General Equipment, Segmentation Image and SOP Common.
void addSeriesAndInstance(Builder& b) {
  const std::time_t created = std::time(nullptr);  // one instant, or date and time may disagree
  b.text<kw::SOPClassUID>(kSegmentationStorage)
      .text<kw::SOPInstanceUID>(DicomUid::generate())
      .text<kw::Modality>("SEG")
      .text<kw::SeriesInstanceUID>(DicomUid::generate())
      .text<kw::SeriesNumber>(kSeriesNumber)
      .text<kw::SeriesDescription>("AnomaDiff anomaly segmentation")
      .text<kw::InstanceNumber>("1")
      .text<kw::ContentDate>(localTime(created, "%Y%m%d"))
      .text<kw::ContentTime>(localTime(created, "%H%M%S"))
      .text<kw::Manufacturer>(kApplicationName)
      .text<kw::ManufacturerModelName>(kApplicationName)
      // Type 1 in Enhanced General Equipment; software has no serial number of its own.
      .text<kw::DeviceSerialNumber>("1")
      .text<kw::SoftwareVersions>(kVersion)
      .text<kw::ImageType>("DERIVED\\PRIMARY")
      .text<kw::ContentLabel>("ANOMALY")
      .text<kw::ContentDescription>("Anomaly mask at the chosen threshold")
      .text<kw::ContentCreatorName>(kApplicationName)
      .text<kw::SegmentationType>("BINARY")
      .text<kw::LossyImageCompression>("00");
}

/// Frame of Reference module: the source's, so positions mean the same in both.
void addFrameOfReference(Builder& b, const DicomSource& source) {
  // Type 1: a source without one (e.g. secondary capture) gets none rather than an empty UID.
  if (source.frameOfReferenceUid.empty()) return;
  b.text<kw::FrameOfReferenceUID>(source.frameOfReferenceUid)
      .text<kw::PositionReferenceIndicator>("");
}

void addSegment(Builder& b, const std::string& methodName) {
  Builder segment;
  segment.uint16<kw::SegmentNumber>(kSegmentNumber)
      .text<kw::SegmentLabel>("Anomaly")
      .text<kw::SegmentAlgorithmType>("AUTOMATIC")
      .text<kw::SegmentAlgorithmName>(std::string(kApplicationName) + " " + methodName)
      .sequence<kw::SegmentedPropertyCategoryCodeSequence>(
          {Builder::code("49755003", "SCT", "Morphologically Altered Structure")})
      .sequence<kw::SegmentedPropertyTypeCodeSequence>(
          {Builder::code("52988006", "SCT", "Lesion")});
  b.sequence<kw::SegmentSequence>({segment.dataSet()});
}

/// Multi-frame Dimension module: frames are indexed by segment, then by position along the
/// slice normal (the source order), as DimensionIndexValues in each frame say.
void addDimensions(Builder& b) {
  const std::string organization = DicomUid::generate();
  Builder bySegment, byPosition;
  bySegment.text<kw::DimensionOrganizationUID>(organization)
      .tagOf<kw::DimensionIndexPointer, kw::ReferencedSegmentNumber>()
      .tagOf<kw::FunctionalGroupPointer, kw::SegmentIdentificationSequence>()
      .text<kw::DimensionDescriptionLabel>("ReferencedSegmentNumber");
  byPosition.text<kw::DimensionOrganizationUID>(organization)
      .tagOf<kw::DimensionIndexPointer, kw::ImagePositionPatient>()
      .tagOf<kw::FunctionalGroupPointer, kw::PlanePositionSequence>()
      .text<kw::DimensionDescriptionLabel>("ImagePositionPatient");
  Builder organizationItem;
  organizationItem.text<kw::DimensionOrganizationUID>(organization);
  b.sequence<kw::DimensionOrganizationSequence>({organizationItem.dataSet()})
      .sequence<kw::DimensionIndexSequence>({bySegment.dataSet(), byPosition.dataSet()});
}

/// Geometry every frame shares: the source's pixel spacing, thickness and orientation.
void addSharedGroups(Builder& b, const DicomSource& source) {
  Builder shared;
  Builder measures;
  if (!source.pixelSpacing.empty()) measures.text<kw::PixelSpacing>(source.pixelSpacing);
  if (!source.sliceThickness.empty()) measures.text<kw::SliceThickness>(source.sliceThickness);
  shared.sequence<kw::PixelMeasuresSequence>({measures.dataSet()});
  if (!source.imageOrientation.empty()) {
    Builder orientation;
    orientation.text<kw::ImageOrientationPatient>(source.imageOrientation);
    shared.sequence<kw::PlaneOrientationSequence>({orientation.dataSet()});
  }
  b.sequence<kw::SharedFunctionalGroupsSequence>({shared.dataSet()});
}

/// Derivation Image macro: the frame was segmented from this one source image.
gdcm::DataSet derivationOf(const DicomSource::Slice& slice) {
  Builder sourceImage;
  sourceImage.text<kw::ReferencedSOPClassUID>(slice.sopClassUid)
      .text<kw::ReferencedSOPInstanceUID>(slice.sopInstanceUid)
      .sequence<kw::PurposeOfReferenceCodeSequence>(
          {Builder::code("121322", "DCM", "Source image for image processing operation")});
  Builder derivation;
  derivation.sequence<kw::SourceImageSequence>({sourceImage.dataSet()})
      .sequence<kw::DerivationCodeSequence>({Builder::code("113076", "DCM", "Segmentation")});
  return derivation.dataSet();
}

gdcm::DataSet frameGroups(const DicomSource::Slice& slice, std::uint32_t positionIndex) {
  Builder content, position, segment, frame;
  content.uint32<kw::DimensionIndexValues>({kSegmentNumber, positionIndex});
  position.text<kw::ImagePositionPatient>(slice.imagePosition);
  segment.uint16<kw::ReferencedSegmentNumber>(kSegmentNumber);
  frame.sequence<kw::DerivationImageSequence>({derivationOf(slice)})
      .sequence<kw::FrameContentSequence>({content.dataSet()})
      .sequence<kw::PlanePositionSequence>({position.dataSet()})
      .sequence<kw::SegmentIdentificationSequence>({segment.dataSet()});
  return frame.dataSet();
}

void addPerFrameGroups(Builder& b, const DicomSource& source) {
  std::vector<gdcm::DataSet> frames;
  for (std::size_t k = 0; k < source.slices.size(); ++k) {
    frames.push_back(frameGroups(source.slices[k], static_cast<std::uint32_t>(k + 1)));
  }
  b.sequence<kw::PerFrameFunctionalGroupsSequence>(frames);
}

/// Common Instance Reference module: every source image, so an archive can find them all.
void addReferencedSeries(Builder& b, const DicomSource& source) {
  std::vector<gdcm::DataSet> instances;
  for (const auto& slice : source.slices) {
    Builder instance;
    instance.text<kw::ReferencedSOPClassUID>(slice.sopClassUid)
        .text<kw::ReferencedSOPInstanceUID>(slice.sopInstanceUid);
    instances.push_back(instance.dataSet());
  }
  Builder series;
  series.text<kw::SeriesInstanceUID>(source.seriesInstanceUid)
      .sequence<kw::ReferencedInstanceSequence>(instances);
  b.sequence<kw::ReferencedSeriesSequence>({series.dataSet()});
}

/// One bit per pixel, the first pixel in the lowest bit (PS3.5 8.1.1). Frames follow each other
/// without padding: a frame whose pixel count is not a multiple of 8 ends inside a byte that the
/// next frame continues. The Image's x-fastest order is DICOM's column-row-frame order.
std::vector<char> packedBits(const Image& mask) {
  std::vector<char> bytes((mask.voxelCount() + 7) / 8, 0);
  const auto voxels = mask.voxels();
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    if (voxels[i] > 0.0f) bytes[i / 8] = char(bytes[i / 8] | (1 << (i % 8)));
  }
  return bytes;
}

void addPixels(Builder& b, const DicomSource& source, const Image& mask) {
  b.text<kw::NumberOfFrames>(std::to_string(source.slices.size()))
      .uint16<kw::SamplesPerPixel>(1)
      .text<kw::PhotometricInterpretation>("MONOCHROME2")
      .uint16<kw::Rows>(static_cast<std::uint16_t>(source.rows))
      .uint16<kw::Columns>(static_cast<std::uint16_t>(source.columns))
      .uint16<kw::BitsAllocated>(1)
      .uint16<kw::BitsStored>(1)
      .uint16<kw::HighBit>(0)
      .uint16<kw::PixelRepresentation>(0)
      .binary(kPixelData, gdcm::VR::OB, packedBits(mask));
}

}  // namespace

void DicomSegWriter::write(const DicomSource& source, const Image& mask,
                           const std::filesystem::path& path) const {
  checkSize(source, mask, path);
  Builder b;
  addPatientAndStudy(b, source);
  addSeriesAndInstance(b);
  addFrameOfReference(b, source);
  addSegment(b, m_methodName);
  addDimensions(b);
  addSharedGroups(b, source);
  addPerFrameGroups(b, source);
  addReferencedSeries(b, source);
  addPixels(b, source, mask);

  AtomicOutput output(path);
  gdcm::Writer writer;
  writer.SetFileName(output.temporaryPath().c_str());
  writer.GetFile().SetDataSet(b.dataSet());
  writer.GetFile().GetHeader().SetDataSetTransferSyntax(
      gdcm::TransferSyntax::ExplicitVRLittleEndian);
  if (!writer.Write()) throw IoError("cannot write DICOM segmentation '" + path.string() + "'");
  output.commit();
}

}  // namespace anomadiff
