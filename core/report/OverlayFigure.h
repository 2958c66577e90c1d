#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"
#include "report/Provenance.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// What one overlay figure shows: one axial slice (index along the slice axis; 0 for 2D) of
/// the input and the run's maps, all on the input grid.
struct OverlaySlice {
  const Image& input;
  const Image& pseudoHealthy;
  const Image& anomaly;
  const Image& brain;
  const std::vector<BoundingBox>& boxes;
  double threshold = 0.0;
  std::size_t slice = 0;
};

/// The four-panel PNG a reader looks at first: input | pseudo-healthy | anomaly heat map with
/// its colour bar (threshold marked) | input with the findings' boxes, displayed radiologically
/// like the viewer (axial, patient left on screen right, anterior up) and captioned with the
/// method, slice and research-use notice. Each panel is shown at ≥ 256 px with nearest-neighbour
/// zoom so pixels stay honest.
class OverlayFigure {
 public:
  explicit OverlayFigure(Provenance provenance) : m_provenance(std::move(provenance)) {}

  /// PNG bytes. Throws InvalidArgument when the maps are not on the input's grid or the slice
  /// is outside it.
  std::string png(const OverlaySlice& slice) const;
  /// The axial slices worth a figure: through the centre of each box, best boxes first, at
  /// most `limit` distinct slices; without boxes the slice holding the highest score.
  static std::vector<std::size_t> findingSlices(const Image& anomaly,
                                                const std::vector<BoundingBox>& boxes,
                                                std::size_t limit);
  /// Writes png() atomically.
  void write(const OverlaySlice& slice, const std::filesystem::path& path) const;

 private:
  Provenance m_provenance;
};

}  // namespace anomadiff
