#pragma once
// A Colin27 slab with a generated lesion, written as a DICOM MR series: what a PACS would hold
// for the PACS tests.

#include "RealData.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageReader.h"
#include "lesions/LesionGenerator.h"

#include <array>
#include <cmath>
#include <filesystem>

namespace anomadiff::test {

struct LesionSeries {
  std::array<double, 3> labelCentroid{};  ///< voxel indices of the written series
  std::size_t labelVoxels = 0;
};

/// Slices 84..95 of the skull-stripped Colin27 with a bright ellipsoid (the project's lesion
/// generator) in the left hemisphere, rounded to int16 and written to `folder`.
inline LesionSeries writeColinLesionSeries(const std::filesystem::path& folder,
                                           const std::string& patientName,
                                           const std::string& patientId) {
  const Image brain = ImageReader().read(kColinBrain);
  constexpr std::size_t kFirst = 84, kSlices = 12;
  ImageGeometry geometry = brain.geometry();
  geometry.size[2] = kSlices;
  for (std::size_t i = 0; i < 3; ++i) {
    geometry.origin[i] += geometry.direction[i * 3 + 2] * geometry.spacing[2] * double(kFirst);
  }
  Image slab = Image::filled(geometry, 0.0f), mask = Image::filled(geometry, 0.0f);
  float maximum = 0.0f;
  for (std::size_t z = 0; z < kSlices; ++z)
    for (std::size_t y = 0; y < geometry.size[1]; ++y)
      for (std::size_t x = 0; x < geometry.size[0]; ++x) {
        const float v = std::round(brain.at(x, y, z + kFirst));
        slab.at(x, y, z) = v;
        mask.at(x, y, z) = v > 0.0f ? 1.0f : 0.0f;
        maximum = std::max(maximum, v);
      }
  lesions::LesionSpec spec;
  spec.center = {60.0, 120.0, 6.0};
  spec.radii = {8.0, 6.0, 3.0};
  spec.softness = 0.2;
  spec.amplitude = 0.6 * maximum;
  const auto lesionCase = lesions::LesionGenerator().apply(slab, mask, spec);
  Image lesioned = lesionCase.image;
  for (float& v : lesioned.voxels()) v = std::round(v);
  DicomSeriesWriter("MR").patient(patientName, patientId).write(lesioned, folder);

  LesionSeries series;
  series.labelVoxels = lesionCase.labelVoxels;
  const Image& label = lesionCase.label;
  for (std::size_t z = 0; z < kSlices; ++z)
    for (std::size_t y = 0; y < geometry.size[1]; ++y)
      for (std::size_t x = 0; x < geometry.size[0]; ++x) {
        if (label.at(x, y, z) <= 0.0f) continue;
        series.labelCentroid[0] += double(x) / double(series.labelVoxels);
        series.labelCentroid[1] += double(y) / double(series.labelVoxels);
        series.labelCentroid[2] += double(z) / double(series.labelVoxels);
      }
  return series;
}

}  // namespace anomadiff::test
