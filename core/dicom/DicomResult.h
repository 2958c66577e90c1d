#pragma once

#include "image/DicomSource.h"
#include "image/Image.h"
#include "report/BoxesJsonFile.h"

namespace anomadiff {

/// A localization result on a DICOM series, as the DICOM objects carry it: the series it was
/// computed from, the maps and the mask on that series' grid (columns x rows x slices, slices in
/// `source.slices` order) and the findings as the reader left them (review states, provenance).
struct DicomResult {
  DicomSource source;
  Image anomalyMap;
  Image varianceMap;
  Image mask;  ///< voxels > 0: above the run's threshold
  FindingsDocument findings;
};

}  // namespace anomadiff
