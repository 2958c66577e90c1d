#pragma once

#include "preprocess/AffineRegistration.h"

#include <string>

namespace anomadiff::preprocess {

/// Whether a scan still has its skull, which decides the registration target and the brain mask.
enum class ScanKind { Detect, Raw, SkullStripped };

/// N4 bias-field correction: Auto corrects raw scans only (a skull-stripped, normalized input
/// was prepared by someone who already did, like the training data).
enum class BiasCorrection { Auto, On, Off };

struct ScanIntakeOptions {
  /// The model's orientation code (AnatomicalOrientation); "" keeps the stored axes.
  std::string modelOrientation;
  ScanKind kind = ScanKind::Detect;
  /// Register the template to scans that are not on its grid (when a template is given).
  bool registerToTemplate = true;
  BiasCorrection biasCorrection = BiasCorrection::Auto;
  /// Detect calls a scan raw when its foreground (> 5 % of the maximum) exceeds this volume: an
  /// adult brain is 1.1–1.8 L (Colin27's 1.74 L, KmeansTest's 1.54 L), a head with skull 2.9–4.2 L.
  double rawForegroundMinimumMl = 2200.0;
  /// A foreground smaller than this (a slab of a few slices, a phantom) is not registered to a
  /// whole-head template: there is too little anatomy for the fit.
  double minimumRegistrationMl = 500.0;
  /// Below this correlation between the registered scan and the template inside the template's
  /// brain, the registration is reported as doubtful. Measured on KmeansTest (another person,
  /// another scanner): 0.22 after the moments start alone, 0.41 after 10 iterations, 0.46
  /// registered (brain Dice 0.90); Colin27 against itself 0.96.
  double minimumRegistrationCorrelation = 0.3;
  AffineRegistrationOptions registration;
};

}  // namespace anomadiff::preprocess
