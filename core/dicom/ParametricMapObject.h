#pragma once
// Implementation header of anomadiff_dicom.

#include "dicom/DicomSeriesContext.h"
#include "image/Image.h"

#include <filesystem>
#include <string>

namespace anomadiff::dicom {

/// What one Parametric Map holds: which map, how a viewer names it and the range it spans.
struct MapKind {
  std::string label;        ///< Content Label and LUT Label (CS: upper case, 16 characters)
  std::string description;  ///< series description and LUT explanation
  std::string seriesNumber;
  /// Quantity Definition of the real-world values: no standard code names an uncalibrated
  /// anomaly score, so these are private codes (99ANOMADIFF, declared in the SR).
  std::string quantityCode, quantityMeaning;

  static MapKind anomaly();
  static MapKind variance();
};

/// A map as a DICOM Parametric Map (dcmpmap): float32 frames, one per source slice, with a
/// real-world value mapping (slope 1, intercept 0, UCUM "1": the score has no unit) and the
/// map's range, so a viewer colours it as a heat map over the source.
class ParametricMapObject {
 public:
  ParametricMapObject(const DicomSeriesContext& context, MapKind kind)
      : m_context(context), m_kind(std::move(kind)) {}

  /// `map` on the source's grid. Throws IoError.
  void write(const Image& map, const std::string& seriesUid, const std::string& instanceUid,
             const std::filesystem::path& path) const;

 private:
  const DicomSeriesContext& m_context;
  MapKind m_kind;
};

}  // namespace anomadiff::dicom
