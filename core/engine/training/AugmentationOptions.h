#pragma once

#include <map>
#include <string>

namespace anomadiff::engine {

/// How strongly AugmentedDataSource varies the examples (all magnitudes 0: no change at all).
/// The defaults are small on purpose: one subject's anatomy should look like a few plausible
/// others, not like something the model will never be shown. `train --augment NAME=VALUE`
/// changes a field by the names below (a healthy model meant for other people's brains wants
/// larger elastic warps and contrast changes than these).
struct AugmentationOptions {
  double rotationDegrees = 10.0;  ///< rotation: angle uniform in ±this
  double scale = 0.10;            ///< scale: zoom uniform in [1 - scale, 1 + scale]
  double shift = 0.05;            ///< shift: translation uniform in ±this × the side, per axis
  /// elastic: a coarse grid (elastic_grid × elastic_grid) of random displacements, standard
  /// deviation in fractions of the side, smoothly interpolated to every pixel.
  double elastic = 0.01;
  int elasticGrid = 5;
  /// gamma: γ log-uniform in [1/gamma, gamma], applied to intensities mapped to [0, 1].
  double gamma = 1.25;
  /// bias_field: a smooth multiplicative field exp(b(x)) with |b| up to this (3×3 control points).
  double biasField = 0.10;
  /// noise: additive Gaussian noise inside the brain, σ uniform in [0, noise] (model units).
  double noise = 0.03;
  /// contrast: the middle of the [0, 1] intensities moves to 0.5 ± up to this (a monotone
  /// piecewise-linear curve): another scanner's grey/white contrast. 0 by default.
  double contrast = 0.0;
  /// blur: Gaussian blur, σ uniform in [0, blur] pixels (a scan of lower resolution). 0 by default.
  double blur = 0.0;
  /// ventricles: the middle of the brain (around its centroid, fading out over about a quarter
  /// of the side) magnified by up to 1 / (1 − this), a smooth fold-free radial warp: the larger
  /// ventricles of older or atrophic brains, so a healthy model trained with restoration
  /// (`--corrupt`) keeps big ventricles instead of filling them. 0 by default; at most 0.5.
  double ventricles = 0.0;

  /// All magnitudes 0.
  static AugmentationOptions none();
  /// Throws InvalidArgument naming the first negative or out-of-range field.
  void validate() const;
  /// Sets the field called `name` (rotation, scale, shift, elastic, elastic_grid, gamma,
  /// bias_field, noise, contrast, blur, ventricles); throws InvalidArgument for another name.
  /// Ranges: validate().
  void set(const std::string& name, double value);
  /// Every field under the name set() takes: what model.json records. Fields added after runs
  /// were recorded (ventricles) appear only when set, so those runs still resume.
  std::map<std::string, double> fields() const;
};

}  // namespace anomadiff::engine
