#pragma once
// Implementation header of anomadiff_dicom: names DCMTK types.

#include "image/DicomSource.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmiod/modcommoninstanceref.h>

#include <memory>
#include <string>
#include <vector>

namespace anomadiff::dicom {

/// The functional groups that put a derived multi-frame object (SEG, Parametric Map) on its
/// source series: pixel measures and orientation shared by all frames, per frame the plane
/// position and the source image it was derived from, and the Referenced Series Sequence that
/// lets a viewer open the object over its source.
class SourceFrameGroups {
 public:
  /// `what` names the object in errors.
  SourceFrameGroups(const DicomSource& source, std::string what);

  /// Spacing from the source's pixel spacing; the distance between slices from their positions
  /// (the stored SpacingBetweenSlices may be absent or wrong).
  FGPixelMeasures pixelMeasures() const;
  std::unique_ptr<FGPlaneOrientationPatient> orientation() const;
  std::unique_ptr<FGPlanePosPatient> position(std::size_t slice) const;
  /// Derivation Image with `code` (e.g. DCM 113076 "Segmentation") and `description`, and the
  /// source image of `slice` with purpose "Source image for image processing operation".
  std::unique_ptr<FGDerivationImage> derivation(std::size_t slice, const CodeSequenceMacro& code,
                                                const std::string& description) const;
  /// Adds the source slices `slices` (indices) to `references`' Referenced Series Sequence.
  void reference(IODCommonInstanceReferenceModule& references,
                 const std::vector<std::size_t>& slices) const;

 private:
  const DicomSource& m_source;
  std::string m_what;
};

}  // namespace anomadiff::dicom
