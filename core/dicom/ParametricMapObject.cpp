#include "dicom/ParametricMapObject.h"

#include "common/DecimalString.h"
#include "common/Version.h"
#include "dicom/SourceFrameGroups.h"

#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgframeanatomy.h>
#include <dcmtk/dcmfg/fgframevoilut.h>
#include <dcmtk/dcmfg/fgparametricmapframetype.h>
#include <dcmtk/dcmfg/fgpixeltransform.h>
#include <dcmtk/dcmfg/fgrealworldvaluemapping.h>
#include <dcmtk/dcmiod/iodcontentitemmacro.h>
#include <dcmtk/dcmiod/modfloatingpointimagepixel.h>
#include <dcmtk/dcmpmap/dpmparametricmapiod.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace anomadiff::dicom {
namespace {

constexpr const char* kWhat = "Parametric Map";

void check(const OFCondition& condition, const std::string& step) {
  DicomSeriesContext::check(condition, kWhat, step);
}

struct Range {
  double low = 0.0, high = 1.0;
};

/// The map's finite range; a flat map still gets a window of width 1 (a VOI window under 1
/// needs LINEAR_EXACT, set below).
Range rangeOf(const Image& map) {
  Range range{0.0, 0.0};
  for (float v : map.voxels()) {
    if (!std::isfinite(v)) continue;
    range.low = std::min(range.low, double(v));
    range.high = std::max(range.high, double(v));
  }
  if (!(range.high > range.low)) range.high = range.low + 1.0;
  return range;
}

ContentIdentificationMacro contentOf(const MapKind& kind) {
  ContentIdentificationMacro content;
  check(content.setInstanceNumber("1"), "instance number");
  check(content.setContentLabel(kind.label.c_str()), "content label");
  check(content.setContentDescription(kind.description.c_str()), "content description");
  check(content.setContentCreatorName(kApplicationName), "content creator");
  return content;
}

/// Returned as DCMTK makes it: the object lives inside the variant (it is not copied out).
OFvariant<OFCondition, DPMParametricMapIOD> createMap(const DicomSource& source,
                                                      const MapKind& kind) {
  const auto equipment = DicomSeriesContext::equipment();
  const IODEnhGeneralEquipmentModule::EquipmentInfo enhanced(
      equipment.m_Manufacturer, equipment.m_ManufacturerModelName, equipment.m_DeviceSerialNumber,
      equipment.m_SoftwareVersions);
  return DPMParametricMapIOD::create<IODFloatingPointImagePixelModule>(
      source.modality.empty() ? "OT" : source.modality.c_str(), kind.seriesNumber.c_str(), "1",
      Uint16(source.rows), Uint16(source.columns), enhanced, contentOf(kind), "VOLUME", "NONE",
      DPMTypes::CQ_RESEARCH);
}

FGRealWorldValueMapping valueMapping(const MapKind& kind, const Range& range) {
  FGRealWorldValueMapping mapping;
  auto item = std::make_unique<FGRealWorldValueMapping::RWVMItem>();
  check(item->setLUTLabel(kind.label.c_str()), "LUT label");
  check(item->setLUTExplanation(kind.description.c_str()), "LUT explanation");
  check(item->setRealWorldValueSlope(1.0), "slope");
  check(item->setRealWorldValueIntercept(0.0), "intercept");
  check(item->setDoubleFloatRealWorldValueFirstValueMapped(range.low), "first value");
  check(item->setDoubleFloatRealWorldValueLastValueMapped(range.high), "last value");
  check(item->getMeasurementUnitsCode().set("1", "UCUM", "no units"), "units");
  auto quantity = std::make_unique<ContentItemMacro>();
  check(quantity->setValueType(ContentItemMacro::VT_CODE), "quantity");
  quantity->getEntireConceptNameCodeSequence().push_back(
      new CodeSequenceMacro("246205007", "SCT", "Quantity"));
  quantity->getEntireConceptCodeSequence().push_back(new CodeSequenceMacro(
      kind.quantityCode.c_str(), "99ANOMADIFF", kind.quantityMeaning.c_str()));
  item->getEntireQuantityDefinitionSequence().push_back(quantity.release());
  mapping.getRealWorldValueMapping().push_back(item.release());
  return mapping;
}

void addSharedGroups(DPMParametricMapIOD& map, const SourceFrameGroups& groups, const MapKind& kind,
                     const Range& range) {
  check(map.addForAllFrames(*groups.orientation()), "orientation");
  check(map.addForAllFrames(groups.pixelMeasures()), "pixel measures");
  FGFrameAnatomy anatomy;
  check(anatomy.setLaterality(FGFrameAnatomy::LATERALITY_UNPAIRED), "laterality");
  anatomy.getAnatomy().getAnatomicRegion().set("12738006", "SCT", "Brain");
  check(map.addForAllFrames(anatomy), "frame anatomy");
  FGPixelValueTransformation identity;
  identity.setFGType(FGPixelValueTransformation::E_PixelValTrans_Identity);
  check(map.addForAllFrames(identity), "pixel value transformation");
  FGParametricMapFrameType frameType;
  check(frameType.setFrameType("DERIVED\\PRIMARY\\VOLUME\\NONE"), "frame type");
  check(map.addForAllFrames(frameType), "frame type");
  FGFrameVOILUT window;
  check(window.setWindowCenter(decimalString((range.low + range.high) / 2, 8).c_str()), "window");
  check(window.setWindowWidth(decimalString(range.high - range.low, 8).c_str()), "window");
  check(window.setVOILUTFunction("LINEAR_EXACT"), "window function");
  check(map.addForAllFrames(window), "window");
  check(map.addForAllFrames(valueMapping(kind, range)), "real-world value mapping");
}

}  // namespace

MapKind MapKind::anomaly() {
  return {"ANOMALY_MAP", "AnomaDiff anomaly map", "1001", "AD0001", "Anomaly score"};
}

MapKind MapKind::variance() {
  return {"VARIANCE_MAP", "AnomaDiff ensemble variance map", "1002", "AD0002",
          "Anomaly score ensemble variance"};
}

void ParametricMapObject::write(const Image& map, const std::string& seriesUid,
                                const std::string& instanceUid,
                                const std::filesystem::path& path) const {
  const DicomSource& source = m_context.source();
  const SourceFrameGroups groups(source, kWhat);
  auto created = createMap(source, m_kind);
  if (const OFCondition* error = OFget<OFCondition>(&created)) check(*error, "create");
  DPMParametricMapIOD& parametricMap = *OFget<DPMParametricMapIOD>(&created);
  m_context.apply(parametricMap, seriesUid, instanceUid, m_kind.seriesNumber, m_kind.description,
                  kWhat);
  check(parametricMap.setRecognizableVisualFeatures(DPMTypes::RVF_NO), "visual features");
  std::vector<std::size_t> slices(source.slices.size());
  for (std::size_t k = 0; k < slices.size(); ++k) slices[k] = k;
  groups.reference(parametricMap.getIODCommonInstanceReferenceModule(), slices);
  char dimensionUid[100];
  dcmGenerateUniqueIdentifier(dimensionUid);
  check(parametricMap.getIODMultiframeDimensionModule().addDimensionIndex(
            DCM_ImagePositionPatient, dimensionUid, DCM_PlanePositionSequence, "Position"),
        "dimension");
  addSharedGroups(parametricMap, groups, m_kind, rangeOf(map));

  auto framesVariant = parametricMap.getFrames();
  auto* frames = OFget<DPMParametricMapIOD::Frames<Float32>>(&framesVariant);
  if (frames == nullptr) check(OFCondition(EC_IllegalCall), "float frames");
  const std::size_t plane = source.rows * source.columns;
  for (std::size_t k = 0; k < slices.size(); ++k) {
    std::vector<Float32> frame(map.voxels().begin() + std::ptrdiff_t(k * plane),
                               map.voxels().begin() + std::ptrdiff_t((k + 1) * plane));
    const auto position = groups.position(k);
    FGFrameContent content;
    check(content.setDimensionIndexValues(Uint32(k + 1), 0), "frame index");
    check(content.setStackID("1"), "stack");
    check(content.setInStackPositionNumber(Uint32(k + 1)), "stack position");
    const auto derivation = groups.derivation(
        k, CodeSequenceMacro("110001", "DCM", "Image Processing"), m_context.provenanceLine());
    OFVector<FGBase*> perFrame{position.get(), &content, derivation.get()};
    check(frames->addFrame(frame.data(), plane, perFrame), "frame " + std::to_string(k + 1));
  }
  check(parametricMap.saveFile(path.c_str(), EXS_LittleEndianExplicit),
        "save '" + path.string() + "'");
}

}  // namespace anomadiff::dicom
