#pragma once

#include <string>
#include <vector>

namespace anomadiff::preprocess {

/// What the intake did to a scan, for provenance and for the reader's warnings.
struct IntakeReport {
  std::string nativeOrientation;  ///< the scan's orientation code ("" for 2D or oblique)
  std::string modelOrientation;   ///< the code the model's slices follow ("" when kept)
  std::string scanKind;           ///< "2d", "raw" or "skull-stripped"
  double foregroundMl = 0.0;      ///< the volume that decided the kind
  std::string brainMask;          ///< where the brain mask came from
  bool biasCorrected = false;     ///< N4 ran (BiasFieldCorrection)
  double biasFieldRange = 1.0;    ///< the corrected field's max / min inside the foreground
  bool registered = false;
  /// Model space is the template's grid (registered to it, or stored on it): template-space
  /// atlases then name where findings lie.
  bool inTemplateSpace = false;
  std::string registrationTarget;        ///< "template head" / "template brain" when registered
  double registrationMetric = 0.0;       ///< final Mattes mutual information (lower is better)
  double registrationCorrelation = 0.0;  ///< scan vs template inside the template brain
  double seconds = 0.0;
  /// One line each, shown to the reader: a doubtful registration, a raw scan without template...
  std::vector<std::string> warnings;
};

}  // namespace anomadiff::preprocess
