#pragma once

#include "common/Error.h"
#include "image/DicomSource.h"
#include "image/Image.h"
#include "report/BoxesJsonFile.h"

#include <string>

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

/// Throws InvalidArgument unless `image` lies on the series' grid (columns x rows x slices):
/// the one check before writing DICOM objects and after reading a result folder's maps. `what`
/// names the image in the message ("the anomaly map", or a file).
inline void requireOnSeriesGrid(const DicomSource& source, const Image& image,
                                const std::string& what) {
  const auto& size = image.geometry().size;
  if (size[0] == source.columns && size[1] == source.rows && size[2] == source.slices.size()) {
    return;
  }
  throw InvalidArgument(what + " of size " + std::to_string(size[0]) + "x" +
                        std::to_string(size[1]) + "x" + std::to_string(size[2]) +
                        " is not on the DICOM series' grid of " + std::to_string(source.columns) +
                        "x" + std::to_string(source.rows) + "x" +
                        std::to_string(source.slices.size()) + " (columns x rows x slices)");
}

}  // namespace anomadiff
