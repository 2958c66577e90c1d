#pragma once
// A small DICOM series and a result on it with three findings — one the model found and the
// reader accepted, one the reader rejected, one the reader drew — for the DICOM export tests.

#include "dicom/DicomResult.h"
#include "image/DicomSeries.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageReader.h"

#include <cmath>
#include <filesystem>

namespace anomadiff::test {

/// 23 columns, 19 rows, 6 slices written against the slice normal (the reader stacks them in
/// reverse), anisotropic spacing: a SEG or map that follows file order or ignores spacing fails.
inline ImageGeometry dicomSeriesGeometry() {
  ImageGeometry geometry;
  geometry.size = {23, 19, 6};  // 437 pixels a frame: SEG frames start inside bytes
  geometry.spacing = {0.8, 0.9, 2.5};
  geometry.origin = {-10.0, 20.5, 30.0};
  geometry.direction = {1, 0, 0, 0, 1, 0, 0, 0, -1};
  return geometry;
}

inline Image dicomSeriesImage() {
  const ImageGeometry geometry = dicomSeriesGeometry();
  std::vector<float> voxels(geometry.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = float(i % 89) * 7.0f;
  return Image(geometry, voxels, SampleType::Int16);
}

/// A box with its evidence.
inline BoundingBox findingBox(int id, std::array<std::size_t, 6> extent, std::string review) {
  BoundingBox box;
  box.id = id;
  box.x = extent[0], box.y = extent[1], box.z = extent[2];
  box.width = extent[3], box.height = extent[4], box.depth = extent[5];
  box.score = 0.25 * id;
  box.maxScore = 0.3 * id;
  box.meanVariance = 0.01 * id;
  box.review = std::move(review);
  return box;
}

/// Writes the series into `folder` and returns the result on it: the anomaly map is the
/// voxel's index / voxel count (each value unique), the variance a tenth of it; the mask holds
/// a 3x3x2 block (finding 1, accepted) and a 2x2x1 block (finding 2, rejected); finding 3 is a
/// 4x3x1 box the reader drew where the mask is empty.
inline DicomResult dicomResultOn(const std::filesystem::path& folder) {
  DicomSeriesWriter().patient("Phantom^Anomaly", "AD-0001").write(dicomSeriesImage(), folder);
  DicomResult result;
  result.source = DicomSeries::find(folder).source();
  const ImageGeometry geometry = ImageReader().read(folder).geometry();
  result.anomalyMap = Image::filled(geometry, 0.0f);
  result.varianceMap = Image::filled(geometry, 0.0f);
  const auto count = float(geometry.voxelCount());
  for (std::size_t i = 0; i < geometry.voxelCount(); ++i) {
    result.anomalyMap.voxels()[i] = float(i) / count;
    result.varianceMap.voxels()[i] = float(i) / count / 10.0f;
  }
  result.mask = Image::filled(geometry, 0.0f);
  for (std::size_t z = 1; z <= 2; ++z)
    for (std::size_t y = 4; y <= 6; ++y)
      for (std::size_t x = 5; x <= 7; ++x) result.mask.at(x, y, z) = 1.0f;
  for (std::size_t y = 12; y <= 13; ++y)
    for (std::size_t x = 15; x <= 16; ++x) result.mask.at(x, y, 4) = 1.0f;
  // Box 1 is larger than its component: only the mask's voxels inside belong to the finding.
  result.findings.boxes = {findingBox(1, {4, 3, 1, 5, 5, 2}, "accepted"),
                           findingBox(2, {15, 12, 4, 2, 2, 1}, "rejected"),
                           findingBox(3, {2, 14, 3, 4, 3, 1}, "added")};
  result.findings.threshold = 0.5;
  result.findings.thresholdSource = "user";
  Provenance& provenance = result.findings.provenance;
  provenance.appVersion = "9.9.9";
  provenance.method = "pddpm";
  provenance.modelHash = std::string(64, 'a');
  provenance.parameters = {{"noise-level", 400}, {"ensemble", 4}, {"seed", 7}, {"steps", 20}};
  provenance.threads = 2;
  return result;
}

}  // namespace anomadiff::test
