#include "dicom/DicomResultWriter.h"

#include "common/AtomicOutput.h"
#include "common/DcmtkLog.h"
#include "common/Error.h"
#include "dicom/DicomObjectIds.h"
#include "dicom/DicomSeriesContext.h"
#include "dicom/FindingSegments.h"
#include "dicom/MeasurementReportObject.h"
#include "dicom/ParametricMapObject.h"
#include "dicom/SegmentationObject.h"
#include "protocol/ResultFiles.h"

#include <memory>

namespace anomadiff {
namespace {

using protocol::ResultFiles;

double voxelMl(const Image& image) {
  const auto& spacing = image.geometry().spacing;
  return spacing[0] * spacing[1] * spacing[2] / 1000.0;
}

}  // namespace

std::vector<std::filesystem::path> DicomResultWriter::write(
    const DicomResult& result, const std::filesystem::path& folder) const {
  quietDcmtkLog();
  const DicomSource& source = result.source;
  requireOnSeriesGrid(source, result.anomalyMap, "the anomaly map");
  requireOnSeriesGrid(source, result.varianceMap, "the variance map");
  requireOnSeriesGrid(source, result.mask, "the mask");
  const auto segments = FindingSegments::of(result.mask, result.findings.boxes);
  const auto ids = DicomObjectIds::generate(segments.size());
  const dicom::DicomSeriesContext context(source, result.findings.provenance);

  std::filesystem::create_directories(folder);
  std::vector<std::unique_ptr<AtomicOutput>> outputs;
  const auto output = [&](const char* name) -> const std::filesystem::path& {
    outputs.push_back(std::make_unique<AtomicOutput>(folder / name));
    return outputs.back()->temporaryPath();
  };
  // A SEG needs at least one segment: without findings there is none, and the SR says so.
  if (!segments.empty()) {
    dicom::SegmentationObject(context, ids).write(segments, output(ResultFiles::kSegmentation));
  }
  dicom::ParametricMapObject(context, dicom::MapKind::anomaly())
      .write(result.anomalyMap, ids.anomalyMapSeries, ids.anomalyMapInstance,
             output(ResultFiles::kAnomalyMapDicom));
  dicom::ParametricMapObject(context, dicom::MapKind::variance())
      .write(result.varianceMap, ids.varianceMapSeries, ids.varianceMapInstance,
             output(ResultFiles::kVarianceMapDicom));
  dicom::MeasurementReportObject(context, ids, voxelMl(result.mask))
      .write(result.findings, segments, output(ResultFiles::kMeasurementReport));

  std::vector<std::filesystem::path> written;
  for (auto& file : outputs) {
    file->commit();
    written.push_back(file->targetPath());
  }
  return written;
}

}  // namespace anomadiff
