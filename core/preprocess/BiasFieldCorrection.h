#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "image/Image.h"

namespace anomadiff::preprocess {

/// What N4 does to a raw scan, for the intake's report.
struct BiasFieldResult {
  Image corrected;
  /// The estimated multiplicative field's spread inside the foreground: max / min.
  double fieldRange = 1.0;
  double seconds = 0.0;
};

/// Removes the smooth intensity inhomogeneity of an MRI scan (receive-coil sensitivity) with ITK's
/// N4 (Tustison 2010): the field is fitted on a copy shrunk to ~6 mm voxels inside the foreground
/// and evaluated at full resolution from its B-spline lattice, so a 181 × 217 × 181 head takes
/// 8 s on 2 threads. The
/// training data (Colin27, an average of 27 scans) has no visible field; a patient's raw scan
/// does, and the model reads a bright corner as anomalous.
class BiasFieldCorrection {
 public:
  /// The foreground is the voxels above 5 % of the maximum (the scan-kind rule). Throws
  /// InvalidArgument for a 2D image or an empty foreground, Cancelled when `cancel` fires.
  static BiasFieldResult correct(const Image& scan, ProgressSink& progress,
                                 const CancelToken& cancel);
};

}  // namespace anomadiff::preprocess
