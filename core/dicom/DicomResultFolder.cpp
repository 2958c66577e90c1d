#include "dicom/DicomResultFolder.h"

#include "common/Error.h"
#include "image/DicomSeries.h"
#include "image/ImageReader.h"
#include "protocol/ResultFiles.h"

namespace anomadiff {
namespace {

using protocol::ResultFiles;

Image readMap(const std::filesystem::path& folder, const char* name, const DicomSource& source) {
  const std::filesystem::path path = folder / name;
  if (!std::filesystem::exists(path)) {
    throw IoError("result folder '" + folder.string() + "' has no " + name);
  }
  Image map = ImageReader().read(path);
  requireOnSeriesGrid(source, map, "'" + path.string() + "'");
  return map;
}

}  // namespace

DicomResult DicomResultFolder::load(const std::filesystem::path& folder,
                                    const std::filesystem::path& series) {
  DicomResult result;
  const std::filesystem::path boxes = folder / ResultFiles::kBoxesJson;
  if (!std::filesystem::exists(boxes)) {
    throw IoError("'" + folder.string() + "' is no result folder: it has no boxes.json");
  }
  result.findings = BoxesJsonFile().read(boxes);
  const std::filesystem::path input =
      series.empty() ? std::filesystem::path(result.findings.provenance.input) : series;
  if (!std::filesystem::is_directory(input)) {
    throw InvalidArgument("the input of '" + folder.string() + "', '" + input.string() +
                          "', is no DICOM series folder (give the series with --series)");
  }
  result.source = DicomSeries::find(input).source();
  result.anomalyMap = readMap(folder, ResultFiles::kAnomalyMap, result.source);
  result.varianceMap = readMap(folder, ResultFiles::kVarianceMap, result.source);
  result.mask = readMap(folder, ResultFiles::kAnomalyMask, result.source);
  return result;
}

}  // namespace anomadiff
