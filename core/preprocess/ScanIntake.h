#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "preprocess/PreparedScan.h"
#include "preprocess/ScanIntakeOptions.h"
#include "preprocess/ScanTemplate.h"

namespace anomadiff::preprocess {

/// Brings a scan as it came off the scanner into the space a slice model was trained in, before
/// any method runs (docs/ARCHITECTURE.md, "Scan intake"):
///  1. orientation: the volume's axes are permuted and flipped to the model's code, so slices of
///     index axis 2 are the model's plane whatever the file's storage order;
///  2. kind: raw (with skull) or skull-stripped, from the size of the foreground; a raw volume
///     then gets N4 bias-field correction on the whole head (BiasFieldCorrection);
///  3. registration: the template (head for raw scans, brain for skull-stripped ones) is
///     registered to the scan and the scan is resampled onto the template grid, unless it is
///     already on it; a low correlation with the template is a warning;
///  4. brain mask: a user mask wins; else the template's brain carried to the scan, or taken as
///     is for a scan on the template grid (restricted to the scan's own brain when
///     skull-stripped); else the skull-stripped scan's own mask.
/// A 2D image passes through with its own brain mask. The way back is PreparedScan::toNative.
class ScanIntake {
 public:
  /// `scanTemplate` may be null (no registration; a raw scan then gets a warning).
  ScanIntake(ScanIntakeOptions options, const ScanTemplate* scanTemplate)
      : m_options(std::move(options)), m_template(scanTemplate) {}

  /// Progress stages, in order: kOrientStage (axes to the model's, raw or skull-stripped),
  /// "bias field" (N4, when on), "register" (when registering), kBrainStage.
  static constexpr const char* kOrientStage = "orient";
  static constexpr const char* kBrainStage = "brain mask";

  /// Throws InvalidArgument for an invalid model orientation or a user mask whose size is not
  /// the scan's, Cancelled when `cancel` fires between stages or during registration.
  PreparedScan prepare(const Image& scan, const Image* userMask, ProgressSink& progress,
                       const CancelToken& cancel) const;

 private:
  void reorient(const Image& scan, const Image* userMask, PreparedScan& prepared,
                Image& maskInModelAxes) const;
  void classify(PreparedScan& prepared) const;
  void correctBias(PreparedScan& prepared, ProgressSink& progress, const CancelToken& cancel) const;
  bool onTemplateGrid(const PreparedScan& prepared) const;
  bool needsRegistration(const PreparedScan& prepared) const;
  void registerToTemplate(PreparedScan& prepared, const Image& templateBrain, Image& userMask,
                          ProgressSink& progress, const CancelToken& cancel) const;
  /// `templateBrain` is empty unless the scan is on the template grid (registered or as given).
  void chooseBrain(PreparedScan& prepared, const Image& templateBrain, const Image& userMask) const;

  ScanIntakeOptions m_options;
  const ScanTemplate* m_template;
};

}  // namespace anomadiff::preprocess
