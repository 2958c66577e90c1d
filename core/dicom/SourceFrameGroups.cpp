#include "dicom/SourceFrameGroups.h"

#include "common/DecimalString.h"
#include "common/Error.h"
#include "dicom/DicomSeriesContext.h"

#include <array>
#include <cmath>
#include <sstream>

namespace anomadiff::dicom {
namespace {

/// A backslash-separated DICOM multi-value ("x\y\z"), as strings.
std::vector<std::string> values(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream stream(text);
  for (std::string part; std::getline(stream, part, '\\');) parts.push_back(part);
  return parts;
}

std::array<double, 3> point(const std::string& text) {
  std::array<double, 3> xyz{};
  const auto parts = values(text);
  for (std::size_t i = 0; i < 3 && i < parts.size(); ++i) xyz[i] = std::atof(parts[i].c_str());
  return xyz;
}

}  // namespace

SourceFrameGroups::SourceFrameGroups(const DicomSource& source, std::string what)
    : m_source(source), m_what(std::move(what)) {
  if (m_source.slices.empty()) throw InvalidArgument("the DICOM source series has no slices");
  for (const auto& slice : m_source.slices) {
    if (values(slice.imagePosition).size() != 3) {
      throw InvalidArgument("DICOM source image " + slice.sopInstanceUid +
                            " has no ImagePositionPatient: a derived object cannot be placed");
    }
  }
  if (values(m_source.imageOrientation).size() != 6) {
    throw InvalidArgument("the DICOM source series has no ImageOrientationPatient");
  }
}

FGPixelMeasures SourceFrameGroups::pixelMeasures() const {
  FGPixelMeasures measures;
  DicomSeriesContext::check(measures.setPixelSpacing(m_source.pixelSpacing.c_str()), m_what,
                            "pixel spacing");
  double between = std::atof(m_source.sliceThickness.c_str());
  if (m_source.slices.size() > 1) {
    const auto a = point(m_source.slices[0].imagePosition);
    const auto b = point(m_source.slices[1].imagePosition);
    between = std::hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  }
  const std::string thickness =
      m_source.sliceThickness.empty() ? decimalString(between, 10) : m_source.sliceThickness;
  DicomSeriesContext::check(measures.setSliceThickness(thickness.c_str()), m_what,
                            "slice thickness");
  if (between > 0.0) {
    DicomSeriesContext::check(measures.setSpacingBetweenSlices(decimalString(between, 10).c_str()),
                              m_what, "spacing between slices");
  }
  return measures;
}

std::unique_ptr<FGPlaneOrientationPatient> SourceFrameGroups::orientation() const {
  const auto v = values(m_source.imageOrientation);
  std::unique_ptr<FGPlaneOrientationPatient> group(FGPlaneOrientationPatient::createMinimal(
      v[0].c_str(), v[1].c_str(), v[2].c_str(), v[3].c_str(), v[4].c_str(), v[5].c_str()));
  if (!group) throw IoError("cannot write the DICOM " + m_what + ": image orientation refused");
  return group;
}

std::unique_ptr<FGPlanePosPatient> SourceFrameGroups::position(std::size_t slice) const {
  const auto v = values(m_source.slices.at(slice).imagePosition);
  std::unique_ptr<FGPlanePosPatient> group(
      FGPlanePosPatient::createMinimal(v[0].c_str(), v[1].c_str(), v[2].c_str()));
  if (!group) throw IoError("cannot write the DICOM " + m_what + ": image position refused");
  return group;
}

std::unique_ptr<FGDerivationImage> SourceFrameGroups::derivation(
    std::size_t slice, const CodeSequenceMacro& code, const std::string& description) const {
  auto group = std::make_unique<FGDerivationImage>();
  DerivationImageItem* item = nullptr;
  DicomSeriesContext::check(group->addDerivationImageItem(code, description.c_str(), item), m_what,
                            "derivation image");
  auto source = std::make_unique<SourceImageItem>();
  source->getPurposeOfReferenceCode().set("121322", "DCM",
                                          "Source image for image processing operation");
  const auto& image = m_source.slices.at(slice);
  auto& reference = source->getImageSOPInstanceReference();
  DicomSeriesContext::check(reference.setReferencedSOPClassUID(image.sopClassUid.c_str()), m_what,
                            "source image class");
  DicomSeriesContext::check(reference.setReferencedSOPInstanceUID(image.sopInstanceUid.c_str()),
                            m_what, "source image instance");
  item->getSourceImageItems().push_back(source.release());  // the item owns it now
  return group;
}

void SourceFrameGroups::reference(IODCommonInstanceReferenceModule& references,
                                  const std::vector<std::size_t>& slices) const {
  IODReferences images;
  for (std::size_t slice : slices) {
    const auto& image = m_source.slices.at(slice);
    images.add(new IODImageReference(m_source.patientId.c_str(), m_source.studyInstanceUid.c_str(),
                                     m_source.seriesInstanceUid.c_str(),
                                     image.sopInstanceUid.c_str(), image.sopClassUid.c_str()));
  }
  references.addReferences(images, m_source.studyInstanceUid.c_str());
}

}  // namespace anomadiff::dicom
