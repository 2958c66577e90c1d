#include "dicom/SegmentationObject.h"

#include "common/Version.h"
#include "dicom/SourceFrameGroups.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <algorithm>
#include <set>

namespace anomadiff::dicom {
namespace {

constexpr const char* kWhat = "Segmentation";
/// High, so the derived series sort after the source's.
constexpr const char* kSeriesNumber = "1000";

void check(const OFCondition& condition, const std::string& step) {
  DicomSeriesContext::check(condition, kWhat, step);
}

/// CIELab (PS3.3 C.10.7.1.1: L 0..100, a and b -128..127, scaled to 0..65535): red for a
/// finding, orange for one a reader drew, grey for one a reader rejected.
void colour(DcmSegment& segment, const BoundingBox& box) {
  if (box.review == kReviewRejected) {
    segment.setRecommendedDisplayCIELabValue(39321, 32896, 32896);
  } else if (box.review == kReviewAdded) {
    segment.setRecommendedDisplayCIELabValue(43908, 43947, 51914);
  } else {
    segment.setRecommendedDisplayCIELabValue(34733, 53456, 50115);
  }
}

std::string reviewText(const BoundingBox& box) {
  if (box.review.empty()) return "not reviewed";
  if (box.review == kReviewAdded) return "added by the reader";
  return std::string(box.review) + " by the reader";
}

DcmSegment* segmentOf(const FindingSegment& finding, const std::string& trackingUid,
                      const std::string& method) {
  // CID 7150 "Morphologically Altered Structure" / SCT "Lesion": an anomaly detector does not
  // tell what the lesion is (no "Neoplasm").
  const CodeSequenceMacro category("49755003", "SCT", "Morphologically Altered Structure");
  const CodeSequenceMacro type("52988006", "SCT", "Lesion");
  const std::string label = "Finding " + std::to_string(finding.box.id);
  const auto algorithm =
      finding.drawnByReader ? DcmSegTypes::SAT_MANUAL : DcmSegTypes::SAT_AUTOMATIC;
  const std::string algorithmName = finding.drawnByReader ? "" : "AnomaDiff " + method;
  DcmSegment* segment = nullptr;
  check(
      DcmSegment::create(segment, label.c_str(), category, type, algorithm, algorithmName.c_str()),
      "segment " + label);
  std::unique_ptr<DcmSegment> owned(segment);
  segment->setSegmentDescription(("AnomaDiff " + label + ", " + reviewText(finding.box)).c_str());
  segment->setTrackingID(label.c_str());
  segment->setTrackingUID(trackingUid.c_str());
  if (!finding.drawnByReader) {
    AlgorithmIdentificationMacro& identification =
        segment->getSegmentationAlgorithmIdentification();
    identification.getAlgorithmFamilyCode().set("123110", "DCM", "Artificial Intelligence");
    identification.setAlgorithmName(algorithmName.c_str());
    identification.setAlgorithmVersion(kVersion);
  }
  colour(*segment, finding.box);
  return owned.release();
}

/// Slices of the box where the finding has voxels.
std::vector<std::size_t> slicesWithVoxels(const FindingSegment& finding) {
  std::vector<std::size_t> slices;
  const BoundingBox& box = finding.box;
  const std::size_t plane = box.width * box.height;
  for (std::size_t k = 0; k < box.depth; ++k) {
    const auto begin = finding.inBox.begin() + std::ptrdiff_t(k * plane);
    if (std::any_of(begin, begin + std::ptrdiff_t(plane), [](auto v) { return v != 0; })) {
      slices.push_back(box.z + k);
    }
  }
  return slices;
}

std::vector<Uint8> frameOf(const FindingSegment& finding, std::size_t slice, std::size_t columns,
                           std::size_t rows) {
  std::vector<Uint8> frame(columns * rows, 0);
  const BoundingBox& box = finding.box;
  for (std::size_t y = box.y; y < box.y + box.height; ++y) {
    for (std::size_t x = box.x; x < box.x + box.width; ++x) {
      frame[x + columns * y] = finding.contains(x, y, slice) ? 1 : 0;
    }
  }
  return frame;
}

class Builder {
 public:
  Builder(const DicomSeriesContext& context, const DicomObjectIds& ids)
      : m_context(context), m_ids(ids), m_groups(context.source(), kWhat) {}

  std::unique_ptr<DcmSegmentation> create() const {
    const DicomSource& source = m_context.source();
    const ContentIdentificationMacro content(
        "1", "FINDINGS", "AnomaDiff findings, one segment each", kApplicationName);
    DcmSegmentation* created = nullptr;
    check(DcmSegmentation::createBinarySegmentation(created, Uint16(source.rows),
                                                    Uint16(source.columns),
                                                    DicomSeriesContext::equipment(), content),
          "create");
    std::unique_ptr<DcmSegmentation> segmentation(created);
    m_context.apply(*segmentation, m_ids.segmentationSeries, m_ids.segmentationInstance,
                    kSeriesNumber, "AnomaDiff anomaly findings (SEG)", kWhat);
    check(segmentation->getSegmentationSeriesModule().setSeriesNumber(kSeriesNumber),
          "series number");
    segmentation->getGeneralImage().setInstanceNumber("1");
    return segmentation;
  }

  void addSharedGroups(DcmSegmentation& segmentation) const {
    check(segmentation.addForAllFrames(m_groups.pixelMeasures()), "pixel measures");
    check(segmentation.addForAllFrames(*m_groups.orientation()), "orientation");
    char dimensionUid[100];
    dcmGenerateUniqueIdentifier(dimensionUid);
    IODMultiframeDimensionModule& dimensions = segmentation.getDimensions();
    check(dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid,
                                       DCM_SegmentIdentificationSequence, "Segment"),
          "dimension segment");
    check(dimensions.addDimensionIndex(DCM_ImagePositionPatient, dimensionUid,
                                       DCM_PlanePositionSequence, "Position"),
          "dimension position");
  }

  /// Adds the frame; returns its pixels (0/1, one byte each) for packing.
  std::vector<Uint8> addFrame(DcmSegmentation& segmentation, const FindingSegment& finding,
                              Uint16 number, std::size_t slice) const {
    const DicomSource& source = m_context.source();
    const auto position = m_groups.position(slice);
    FGFrameContent content;
    check(content.setDimensionIndexValues(number, 0), "frame segment index");
    check(content.setDimensionIndexValues(Uint32(slice + 1), 1), "frame position index");
    const auto derivation = m_groups.derivation(
        slice, CodeSequenceMacro("113076", "DCM", "Segmentation"), m_context.provenanceLine());
    auto frame = frameOf(finding, slice, source.columns, source.rows);
    OFVector<FGBase*> groups{position.get(), &content, derivation.get()};
    check(segmentation.addFrame(frame.data(), number, groups), "frame");
    return frame;
  }

  const SourceFrameGroups& groups() const { return m_groups; }

 private:
  const DicomSeriesContext& m_context;
  const DicomObjectIds& m_ids;
  SourceFrameGroups m_groups;
};

/// The frames as PS3.5 8.1.1 packs 1-bit pixels: frame after frame with no padding between
/// them. DCMTK 3.6.7 (Debian 12) places a frame that starts inside a byte one byte early when
/// frames do not span whole bytes (23 x 19 pixels: frames 3 and on were off by 8 pixels), so
/// the pixel data is packed here and replaces DCMTK's.
std::vector<Uint8> packed(const std::vector<std::vector<Uint8>>& frames) {
  std::size_t bits = 0;
  for (const auto& frame : frames) bits += frame.size();
  std::vector<Uint8> bytes((bits + 7) / 8 + ((bits + 7) / 8) % 2, 0);  // even length
  std::size_t bit = 0;
  for (const auto& frame : frames) {
    for (Uint8 pixel : frame) {
      if (pixel != 0) bytes[bit / 8] |= Uint8(1u << (bit % 8));
      ++bit;
    }
  }
  return bytes;
}

void save(DcmSegmentation& segmentation, const std::vector<std::vector<Uint8>>& frames,
          const std::filesystem::path& path) {
  DcmFileFormat file;
  DcmDataset& dataset = *file.getDataset();
  check(segmentation.writeDataset(dataset), "encode");
  const auto pixels = packed(frames);
  check(dataset.putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size()), "pixel data");
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "save '" + path.string() + "'");
}

}  // namespace

void SegmentationObject::write(const std::vector<FindingSegment>& segments,
                               const std::filesystem::path& path) const {
  const Builder builder(m_context, m_ids);
  const auto segmentation = builder.create();
  builder.addSharedGroups(*segmentation);
  std::set<std::size_t> referenced;
  std::vector<std::vector<Uint8>> frames;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    Uint16 number = 0;
    check(segmentation->addSegment(
              segmentOf(segments[i], m_ids.findingTracking.at(i), m_context.provenance().method),
              number),
          "add segment");
    for (std::size_t slice : slicesWithVoxels(segments[i])) {
      frames.push_back(builder.addFrame(*segmentation, segments[i], number, slice));
      referenced.insert(slice);
    }
  }
  builder.groups().reference(segmentation->getCommonInstanceReference(),
                             {referenced.begin(), referenced.end()});
  save(*segmentation, frames, path);
}

}  // namespace anomadiff::dicom
