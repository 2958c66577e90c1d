#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "image/Image.h"
#include "preprocess/AffineRegistrationResult.h"

#include <vector>

namespace anomadiff::preprocess {

/// Defaults bound time and memory: registering a 128x128x62 subject to the 181x217x181
/// Colin27 template takes ~5 s and ~230 MB on 2 cores (shrunk pyramid levels, sampled metric
/// points, iteration caps), because it runs before every localization of a new subject.
struct AffineRegistrationOptions {
  /// One pyramid level per entry, coarse to fine; the fixed grid is shrunk by these factors.
  std::vector<unsigned> shrinkFactors{4, 2};
  /// Gaussian smoothing per level, in millimetres.
  std::vector<double> smoothingSigmasMm{2.0, 1.0};
  /// A similarity stage (rotation, translation, isotropic scale) first is robust from a far
  /// start; the affine stage then adds anisotropic scale and shear. 0 skips a stage.
  unsigned similarityIterations = 60;
  unsigned affineIterations = 60;
  unsigned histogramBins = 32;
  /// Fixed-image points sampled at random for the metric at every level (all voxels when the
  /// shrunk grid has fewer): 12 parameters need far fewer points than a 1 mm template has, and
  /// the metric's cost grows with them, not with the image size.
  unsigned metricSamples = 8000;
  /// Seeds the metric's random sampling, so runs sample the same points; ITK's multi-threaded
  /// sums can still make two runs differ slightly (measured: Dice within 0.002).
  unsigned seed = 1;
};

/// Affine registration of a moving image (a subject) to a fixed image (the model's template)
/// with ITK v4: Mattes mutual information, moments initialisation, conjugate-gradient steps
/// with physically balanced parameter scales, multi-resolution.
class AffineRegistration {
 public:
  using Options = AffineRegistrationOptions;

  /// Throws InvalidArgument for levels that do not match (shrink factors vs sigmas), a shrink
  /// factor of 0, no stage, or no metric samples.
  explicit AffineRegistration(Options options = {});

  /// Throws InvalidArgument for NaN/infinite voxels or an image that is constant, Cancelled
  /// when `cancel` is set (checked every iteration), Error when ITK fails.
  AffineRegistrationResult run(const Image& fixed, const Image& moving, ProgressSink& progress,
                               const CancelToken& cancel = {}) const;
  /// Both images are multiplied by their brain masks (> 0) first: mutual information between
  /// a head with skull and a skull-stripped template is pulled towards the skull.
  /// The result still holds the unmasked images' grids.
  AffineRegistrationResult run(const Image& fixed, const Image& fixedMask, const Image& moving,
                               const Image& movingMask, ProgressSink& progress,
                               const CancelToken& cancel = {}) const;

  const Options& options() const { return m_options; }

 private:
  Options m_options;
};

}  // namespace anomadiff::preprocess
