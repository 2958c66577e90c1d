// DICOM SEG export: a synthetic series is written, read back, segmented with a known mask, and
// the SEG is parsed again with GDCM (not with the writer's code) to check what a PACS relies on:
// the SOP class, the bit-packed frames, and the references to the source study and images.
#include "TestFolder.h"
#include "common/Error.h"
#include "common/Version.h"
#include "image/DicomSegWriter.h"
#include "image/DicomSeries.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageReader.h"

#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTagKeywords.h>

#include <QtTest>

#include <cmath>
#include <sstream>

using namespace anomadiff;
namespace kw = gdcm::Keywords;

namespace {

/// 13 columns (odd) and 7 rows: 91 pixels per frame, so rows and frames start inside bytes.
/// The slices are written against the slice normal, so the reader stacks the files in reverse
/// (slice00002.dcm first) and the SEG must follow the reader's order, not the file names.
ImageGeometry seriesGeometry() {
  ImageGeometry geometry;
  geometry.size = {13, 7, 3};
  geometry.spacing = {0.5, 0.75, 2.0};
  geometry.origin = {-10.0, 20.5, 30.0};
  geometry.direction = {1, 0, 0, 0, 1, 0, 0, 0, -1};
  return geometry;
}

Image seriesImage() {
  const ImageGeometry geometry = seriesGeometry();
  std::vector<float> voxels(geometry.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = float(i % 97) * 10.0f;
  return Image(geometry, voxels, SampleType::Int16);
}

/// A pattern with no period of 8, set pixels at both ends of rows and of the volume.
Image maskPattern(const ImageGeometry& geometry) {
  Image mask = Image::filled(geometry, 0.0f);
  for (std::size_t z = 0; z < geometry.size[2]; ++z) {
    for (std::size_t y = 0; y < geometry.size[1]; ++y) {
      for (std::size_t x = 0; x < geometry.size[0]; ++x) {
        mask.at(x, y, z) = (x * 3 + y * 5 + z * 7) % 11 < 4 ? 1.0f : 0.0f;
      }
    }
  }
  mask.at(0, 0, 0) = 1.0f;
  mask.at(geometry.size[0] - 1, 0, 1) = 1.0f;
  mask.at(geometry.size[0] - 1, geometry.size[1] - 1, geometry.size[2] - 1) = 1.0f;
  return mask;
}

gdcm::DataSet readDataSet(const std::filesystem::path& path) {
  gdcm::Reader reader;
  reader.SetFileName(path.c_str());
  if (!reader.Read()) return {};
  return reader.GetFile().GetDataSet();
}

std::string text(const gdcm::DataSet& dataSet, const gdcm::Tag& tag) {
  if (!dataSet.FindDataElement(tag)) return "<absent>";
  const gdcm::ByteValue* value = dataSet.GetDataElement(tag).GetByteValue();
  std::string result = value ? std::string(value->GetPointer(), value->GetLength()) : "";
  while (!result.empty() && (result.back() == ' ' || result.back() == '\0')) result.pop_back();
  return result;
}

template <class Keyword>
std::string text(const gdcm::DataSet& dataSet) {
  return text(dataSet, Keyword::GetTag());
}

template <class Keyword>
auto value(const gdcm::DataSet& dataSet) {
  Keyword attribute;
  attribute.SetFromDataSet(dataSet);
  return attribute.GetValue();
}

/// Item `index` (0-based) of a sequence; an empty data set when absent.
template <class Keyword>
gdcm::DataSet item(const gdcm::DataSet& dataSet, std::size_t index = 0) {
  if (!dataSet.FindDataElement(Keyword::GetTag())) return {};
  const auto sequence = dataSet.GetDataElement(Keyword::GetTag()).GetValueAsSQ();
  if (!sequence || index >= sequence->GetNumberOfItems()) return {};
  return sequence->GetItem(index + 1).GetNestedDataSet();
}

template <class Keyword>
std::size_t itemCount(const gdcm::DataSet& dataSet) {
  if (!dataSet.FindDataElement(Keyword::GetTag())) return 0;
  const auto sequence = dataSet.GetDataElement(Keyword::GetTag()).GetValueAsSQ();
  return sequence ? sequence->GetNumberOfItems() : 0;
}

std::array<double, 3> triple(const std::string& decimalString) {
  std::array<double, 3> values{};
  std::istringstream stream(decimalString);
  char separator = 0;
  stream >> values[0] >> separator >> values[1] >> separator >> values[2];
  return values;
}

/// Pixel i of the whole frame stack is bit i % 8 of byte i / 8 (PS3.5 8.1.1).
std::vector<float> unpackedBits(const gdcm::DataSet& dataSet, std::size_t count) {
  const gdcm::ByteValue* pixels = dataSet.GetDataElement(gdcm::Tag(0x7fe0, 0x0010)).GetByteValue();
  std::vector<float> voxels(count);
  for (std::size_t i = 0; i < count && pixels && i / 8 < pixels->GetLength(); ++i) {
    voxels[i] = float((static_cast<unsigned char>(pixels->GetPointer()[i / 8]) >> (i % 8)) & 1);
  }
  return voxels;
}

}  // namespace

class DicomSegWriterTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    DicomSeriesWriter()
        .patient("Phantom^Anomaly", "AD-0001")
        .write(seriesImage(), m_folder / "series");
    m_source = DicomSeries::find(m_folder / "series").source();
    m_geometry = ImageReader().read(m_folder / "series").geometry();
    QCOMPARE(m_source.slices.size(), std::size_t{3});
    QCOMPARE(m_source.patientName, std::string("Phantom^Anomaly"));
  }

  void writesBinarySegmentationStorage() {
    const auto path = m_folder / "seg.dcm";
    DicomSegWriter("intensity").write(m_source, maskPattern(m_geometry), path);
    const gdcm::DataSet seg = readDataSet(path);
    QCOMPARE(text<kw::SOPClassUID>(seg), std::string("1.2.840.10008.5.1.4.1.1.66.4"));
    QCOMPARE(text<kw::Modality>(seg), std::string("SEG"));
    QCOMPARE(text<kw::SegmentationType>(seg), std::string("BINARY"));
    QCOMPARE(text<kw::NumberOfFrames>(seg), std::string("3"));
    QCOMPARE(value<kw::Rows>(seg), std::uint16_t{7});
    QCOMPARE(value<kw::Columns>(seg), std::uint16_t{13});
    QCOMPARE(value<kw::BitsAllocated>(seg), std::uint16_t{1});
    QCOMPARE(value<kw::BitsStored>(seg), std::uint16_t{1});
    QCOMPARE(text<kw::Manufacturer>(seg), std::string("AnomaDiff"));
    QCOMPARE(text<kw::ContentCreatorName>(seg), std::string("AnomaDiff"));
    QCOMPARE(text<kw::SoftwareVersions>(seg), std::string(kVersion));

    const gdcm::DataSet segment = item<kw::SegmentSequence>(seg);
    QCOMPARE(itemCount<kw::SegmentSequence>(seg), std::size_t{1});
    QCOMPARE(value<kw::SegmentNumber>(segment), std::uint16_t{1});
    QCOMPARE(text<kw::SegmentLabel>(segment), std::string("Anomaly"));
    QCOMPARE(text<kw::SegmentAlgorithmType>(segment), std::string("AUTOMATIC"));
    QCOMPARE(text<kw::SegmentAlgorithmName>(segment), std::string("AnomaDiff intensity"));
    const auto category = item<kw::SegmentedPropertyCategoryCodeSequence>(segment);
    QCOMPARE(text<kw::CodeValue>(category), std::string("49755003"));
    QCOMPARE(text<kw::CodingSchemeDesignator>(category), std::string("SCT"));
    QVERIFY(!text<kw::CodeValue>(item<kw::SegmentedPropertyTypeCodeSequence>(segment)).empty());
  }

  void framesHoldEveryMaskPixel() {
    const auto path = m_folder / "pixels.dcm";
    const Image mask = maskPattern(m_geometry);
    DicomSegWriter("intensity").write(m_source, mask, path);
    const gdcm::DataSet seg = readDataSet(path);
    const auto* pixels = seg.GetDataElement(gdcm::Tag(0x7fe0, 0x0010)).GetByteValue();
    QVERIFY(pixels);
    // 273 bits in 35 bytes, padded to an even length; no padding between frames.
    QCOMPARE(std::size_t(pixels->GetLength()), std::size_t{36});
    const auto unpacked = unpackedBits(seg, mask.voxelCount());
    for (std::size_t i = 0; i < mask.voxelCount(); ++i) {
      if (unpacked[i] != mask.voxels()[i]) QFAIL(qPrintable(QString("pixel %1 differs").arg(i)));
    }
  }

  void referencesTheSourceSeries() {
    const auto path = m_folder / "references.dcm";
    DicomSegWriter("intensity").write(m_source, maskPattern(m_geometry), path);
    const gdcm::DataSet seg = readDataSet(path);
    QVERIFY(!m_source.studyInstanceUid.empty() && !m_source.frameOfReferenceUid.empty());
    QCOMPARE(text<kw::StudyInstanceUID>(seg), m_source.studyInstanceUid);
    QCOMPARE(text<kw::FrameOfReferenceUID>(seg), m_source.frameOfReferenceUid);
    QCOMPARE(text<kw::PatientID>(seg), m_source.patientId);
    QCOMPARE(text<kw::PatientName>(seg), m_source.patientName);
    QVERIFY(text<kw::SeriesInstanceUID>(seg) != m_source.seriesInstanceUid);
    QVERIFY(text<kw::SOPInstanceUID>(seg) != m_source.slices[0].sopInstanceUid);

    const auto series = item<kw::ReferencedSeriesSequence>(seg);
    QCOMPARE(text<kw::SeriesInstanceUID>(series), m_source.seriesInstanceUid);
    QCOMPARE(itemCount<kw::ReferencedInstanceSequence>(series), std::size_t{3});
    for (std::size_t k = 0; k < 3; ++k) {
      const auto instance = item<kw::ReferencedInstanceSequence>(series, k);
      QCOMPARE(text<kw::ReferencedSOPInstanceUID>(instance), m_source.slices[k].sopInstanceUid);
      QCOMPARE(text<kw::ReferencedSOPClassUID>(instance), m_source.slices[k].sopClassUid);
    }
  }

  void eachFrameSitsOnItsSourceSlice() {
    const auto path = m_folder / "frames.dcm";
    DicomSegWriter("intensity").write(m_source, maskPattern(m_geometry), path);
    const gdcm::DataSet seg = readDataSet(path);
    const auto shared = item<kw::SharedFunctionalGroupsSequence>(seg);
    QCOMPARE(triple(text<kw::PixelSpacing>(item<kw::PixelMeasuresSequence>(shared)) + "\\0"),
             (std::array<double, 3>{0.75, 0.5, 0.0}));
    QCOMPARE(text<kw::ImageOrientationPatient>(item<kw::PlaneOrientationSequence>(shared)),
             m_source.imageOrientation);
    QCOMPARE(itemCount<kw::PerFrameFunctionalGroupsSequence>(seg), std::size_t{3});
    for (std::size_t k = 0; k < 3; ++k) {
      const auto frame = item<kw::PerFrameFunctionalGroupsSequence>(seg, k);
      // Frame k must lie where slice k of the volume read from the series lies.
      const auto position =
          triple(text<kw::ImagePositionPatient>(item<kw::PlanePositionSequence>(frame)));
      for (int axis = 0; axis < 3; ++axis) {
        const double expected = m_geometry.origin[axis] + m_geometry.direction[axis * 3 + 2] *
                                                              m_geometry.spacing[2] * double(k);
        QVERIFY2(std::abs(position[axis] - expected) < 1e-6, qPrintable(QString::number(k)));
      }
      // The reader stacked the files in reverse: frame k comes from slice0000<2-k>.dcm.
      const auto file = m_folder / "series" / ("slice0000" + std::to_string(2 - k) + ".dcm");
      QCOMPARE(text<kw::SOPInstanceUID>(readDataSet(file)), m_source.slices[k].sopInstanceUid);
      const auto derivation = item<kw::DerivationImageSequence>(frame);
      const auto sourceImage = item<kw::SourceImageSequence>(derivation);
      QCOMPARE(text<kw::ReferencedSOPInstanceUID>(sourceImage), m_source.slices[k].sopInstanceUid);
      QCOMPARE(text<kw::ImagePositionPatient>(item<kw::PlanePositionSequence>(frame)),
               m_source.slices[k].imagePosition);
      kw::DimensionIndexValues index;
      index.SetFromDataSet(item<kw::FrameContentSequence>(frame));
      QCOMPARE(index.GetNumberOfValues(), 2u);
      QCOMPARE(index.GetValue(0), 1u);
      QCOMPARE(index.GetValue(1), unsigned(k + 1));
      QCOMPARE(value<kw::ReferencedSegmentNumber>(item<kw::SegmentIdentificationSequence>(frame)),
               std::uint16_t{1});
    }
  }

  void refusesAMaskOfAnotherSizeWithoutWriting() {
    ImageGeometry other = m_geometry;
    other.size = {13, 7, 2};
    const auto path = m_folder / "refused.dcm";
    try {
      DicomSegWriter("intensity").write(m_source, Image::filled(other, 1.0f), path);
      QFAIL("a mask of another size was accepted");
    } catch (const InvalidArgument& error) {
      const QString message = error.what();
      QVERIFY2(message.contains("13x7x2") && message.contains("13x7x3"), error.what());
    }
    QVERIFY(!std::filesystem::exists(path));
    for (const auto& entry : std::filesystem::directory_iterator(m_folder.path())) {
      QVERIFY2(entry.path().filename().string().find("refused") == std::string::npos,
               "a refused SEG left a file behind");
    }
  }

 private:
  test::TestFolder m_folder;
  DicomSource m_source;
  ImageGeometry m_geometry;
};

QTEST_APPLESS_MAIN(DicomSegWriterTest)
#include "DicomSegWriterTest.moc"
