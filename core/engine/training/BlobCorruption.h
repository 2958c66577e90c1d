#pragma once

#include <torch/types.h>

#include <functional>

namespace anomadiff::engine {

/// Restoration training's corruption (issue 14): paints one random blob inside the brain of a
/// chosen fraction of the training images, so a healthy-anatomy denoiser learns to *remove*
/// what is not anatomy instead of redrawing it (a dark blob beside a ventricle was kept as an
/// enlarged ventricle at every noise level). In the spirit of the masked / patch-corrupted
/// training of AutoDDPM and pDDPM, but with shapes and intensities of its own, not the lesion
/// generator's, so validation lesions stay unseen:
///  - centre: a brain pixel drawn uniformly; radius 4–14 % of the side, the outline made
///    irregular by a smooth random field and its edge soft (about 1.5 pixels);
///  - fill: one intensity drawn uniformly between the image's darkest and brightest brain
///    pixel (CSF-dark to fat-bright), with a smooth texture of up to 10 % of that range;
///  - or, for a drawn share `transplant` of the corrupted rows, a transplant: the same image's
///    own tissue from a shift of 25–50 % of the side in a random direction (normal-looking
///    tissue in the wrong place, as in foreign-patch self-supervision), the flat fill where the
///    shifted source leaves the brain;
///  - only brain pixels change (background is `background`).
/// draw() takes a fixed number of values per row from LibTorch's global generator (which the
/// trainer seeds and checkpoints), so a run is reproducible and data-parallel ranks can draw for
/// the global batch and keep their rows.
class BlobCorruption {
 public:
  /// fraction: the probability that a row is corrupted, in [0, 1] (0: never; the trainer then
  /// trains exactly as before). transplant: the probability that a corrupted row's blob is a
  /// transplant, in [0, 1]; at 0 draw() takes exactly the values it took before transplants
  /// existed, so earlier runs resume and repeat. Throws InvalidArgument outside [0, 1].
  explicit BlobCorruption(double fraction = 0.0, float background = -1.0f, double transplant = 0.0);

  double fraction() const { return m_fraction; }
  bool enabled() const { return m_fraction > 0.0; }

  /// Which of `rows` rows are corrupted ([rows] bool) and their blobs' parameters, drawn for a
  /// whole (global) batch of images of side height × width.
  struct Draw {
    torch::Tensor chosen;   // [rows] bool
    torch::Tensor centre;   // [rows, H, W] uniform: argmax over the brain picks the centre
    torch::Tensor radius;   // [rows] in fractions of the side
    torch::Tensor outline;  // [rows, 1, H, W] smooth field (irregular outline)
    torch::Tensor texture;  // [rows, 1, H, W] smooth field (fill texture)
    torch::Tensor level;    // [rows] uniform in [0, 1]: where in the brain's range the fill lies
    torch::Tensor transplanted;  // [rows] bool, or undefined without transplants
    torch::Tensor shift;         // [rows, 2] (dy, dx) in fractions of the side, or undefined

    /// The same draw with `keep` applied to every field (a data-parallel rank keeps its rows).
    Draw map(const std::function<torch::Tensor(const torch::Tensor&)>& keep) const;
  };
  Draw draw(std::int64_t rows, std::int64_t height, std::int64_t width) const;

  /// The blob weight in [0, 1] per pixel ([B, 1, H, W]; 0 outside the brain and in rows not
  /// chosen) for images [B, 1, H, W] and their draw.
  torch::Tensor blobs(const torch::Tensor& images, const Draw& draw) const;
  /// images with the blobs painted in.
  torch::Tensor apply(const torch::Tensor& images, const Draw& draw) const;

 private:
  torch::Tensor brain(const torch::Tensor& images) const;
  /// The fill per pixel: the flat textured fill, replaced by the row's shifted tissue in the
  /// transplanted rows.
  torch::Tensor transplants(const torch::Tensor& images, const Draw& draw,
                            const torch::Tensor& flatFill) const;

  double m_fraction;
  double m_transplant;
  float m_background;
};

}  // namespace anomadiff::engine
