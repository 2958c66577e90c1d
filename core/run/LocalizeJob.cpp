#include "run/LocalizeJob.h"
#include "protocol/ResultFiles.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "dicom/DicomResultWriter.h"
#include "image/DicomSeries.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "localize/ComponentBoxFinder.h"
#include "localize/FindingAnatomy.h"
#include "localize/NativeBoxes.h"
#include "localize/NativeMaps.h"
#include "report/BoxesCsvFile.h"
#include "report/BoxesJsonFile.h"
#include "report/HtmlReport.h"
#include "report/OverlayFigure.h"
#include "report/PdfReport.h"
#include "run/FindingGateChoice.h"
#include "run/JobMemory.h"
#include "run/ModelSpaceAnalysis.h"
#include "run/OutputGuard.h"
#include "run/RunProvenance.h"
#include "run/ThresholdChoice.h"

#include <algorithm>

namespace anomadiff::run {
namespace {

using protocol::ResultFiles;

/// Figures for at most this many slices of a volume: the report stays readable.
constexpr std::size_t kMaximumFigures = 8;

/// Each finding's volume, and its atlas regions when the scan reached the template's space (the
/// atlases are read only then: three label volumes cost a second).
void describeFindings(std::vector<BoundingBox>& modelBoxes, const Image& anomaly, double threshold,
                      const preprocess::PreparedScan& scan, const PreparedMethod& method,
                      std::vector<std::string>& warnings) {
  std::vector<AnatomicalAtlas> atlases;
  if (scan.report.inTemplateSpace && !modelBoxes.empty()) {
    atlases = ScanIntakeChoice::loadAtlases(method.modelDescription, method.modelFolder, warnings);
  }
  FindingAnatomy(atlases).describe(modelBoxes, anomaly, static_cast<float>(threshold), scan);
}

/// overlay.png for a 2D image; overlay_z<k>.png per model-space slice with findings for a volume.
std::vector<std::pair<std::size_t, std::string>> figureNames(
    const Image& input, const Image& anomaly, const std::vector<BoundingBox>& boxes) {
  if (input.geometry().is2D()) return {{0, "overlay.png"}};
  std::vector<std::pair<std::size_t, std::string>> names;
  for (const auto slice : OverlayFigure::findingSlices(anomaly, boxes, kMaximumFigures)) {
    names.emplace_back(slice, "overlay_z" + std::to_string(slice) + ".png");
  }
  return names;
}

/// What the SEG references, read before the (long) run so an unusable series fails early.
std::optional<DicomSource> dicomSourceOf(const std::filesystem::path& input) {
  if (!std::filesystem::is_directory(input)) return std::nullopt;
  return DicomSeries::find(input).source();
}

std::string sizeText(const ImageGeometry& geometry) {
  return std::to_string(geometry.size[0]) + "x" + std::to_string(geometry.size[1]) + "x" +
         std::to_string(geometry.size[2]);
}

/// The intake's brain mask on the scan's own grid, uint8: where the findings could be.
Image brainMaskOnNativeGrid(const preprocess::PreparedScan& scan) {
  const Image native = scan.toNative(scan.brain, preprocess::Interpolation::Nearest);
  return Image(native.geometry(),
               std::vector<float>(native.voxels().begin(), native.voxels().end()),
               SampleType::UInt8);
}

Image thresholdMask(const Image& anomaly, double threshold) {
  std::vector<float> voxels(anomaly.voxelCount());
  std::transform(anomaly.voxels().begin(), anomaly.voxels().end(), voxels.begin(),
                 [&](float v) { return v > threshold ? 1.0f : 0.0f; });
  return Image(anomaly.geometry(), std::move(voxels), SampleType::UInt8);
}

}  // namespace

LocalizeOutcome LocalizeJob::run(PreparedMethod& method, ProgressSink& progress,
                                 const CancelToken& cancel) const {
  // From the header first: a volume the machine cannot hold is refused before it is read.
  JobMemory::require(m_request.input, ImageReader().readHeader(m_request.input),
                     m_request.memoryBudgetBytes);
  const Image input = ImageReader().read(m_request.input);
  if (const std::size_t bad = input.nonFiniteCount(); bad > 0) {
    throw InvalidArgument("input '" + m_request.input.string() + "' has " + std::to_string(bad) +
                          " NaN or infinite voxels");
  }
  const std::optional<DicomSource> dicom = dicomSourceOf(m_request.input);
  std::optional<Image> labels;
  if (m_request.mask) labels = ImageReader().read(*m_request.mask);
  if (labels && labels->geometry().size != input.geometry().size) {
    throw InvalidArgument("mask '" + m_request.mask->string() + "' of size " +
                          sizeText(labels->geometry()) + " differs from the input '" +
                          m_request.input.string() + "' of size " + sizeText(input.geometry()));
  }
  OutputGuard::refuseInputs(m_request.outputDir, ResultFiles::localizeOutputs(),
                            {m_request.input, m_request.mask.value_or("")});
  // Resolved now so a malformed option fails before the long run; again below for a volume.
  auto gate = FindingGateChoice::resolve(m_request.findingGate, m_request.findingPeak,
                                         method.modelDescription, method.localizer->name());

  const auto analysed = ModelSpaceAnalysis::run(method, m_request.intake, input,
                                                labels ? &*labels : nullptr, progress, cancel);
  const auto& scan = analysed.scan;
  const auto& maps = analysed.maps;
  const bool whole = analysed.wholeVolume;
  const std::string& name = method.localizer->name();
  // A whole volume (in the template's space, as the calibration volumes were) gets the volume
  // gate; a slab of a few slices keeps the slice gate, whose false findings scale with slices.
  if (whole) {
    gate = FindingGateChoice::resolve(m_request.findingGate, m_request.findingPeak,
                                      method.modelDescription, name, true);
  }
  const Image& brain = scan.brain;
  auto threshold = ThresholdChoice::resolve(m_request.threshold, method.modelDescription, name,
                                            maps.anomalyMap, brain, whole);
  threshold.markStale(ThresholdChoice::calibrationMismatch(
      method.modelDescription, name,
      method.parameters.withDefaults(method.localizer->parameters()).values(),
      method.localizer->modelHash(), whole));
  // A volume's boxes enclose each component's core: its voxels above the calibrated fpr_1.
  const auto fpr1 = ThresholdChoice::calibrated(method.modelDescription, name, "fpr_1", whole);
  const float extent = static_cast<float>(
      input.geometry().is2D() || !fpr1 ? threshold.value : std::max(threshold.value, *fpr1));
  auto modelBoxes =
      ComponentBoxFinder(m_request.minimumBoxArea, gate.gate)
          .find(maps.anomalyMap, maps.varianceMap, static_cast<float>(threshold.value), extent);
  std::vector<std::string> warnings = scan.report.warnings;
  describeFindings(modelBoxes, maps.anomalyMap, threshold.value, scan, method, warnings);
  FindingsDocument findings;
  findings.boxes = NativeBoxes::of(modelBoxes, scan, maps.anomalyMap, extent);
  findings.grid = input.geometry();
  findings.intake = scan.report;
  findings.intake->warnings = warnings;
  findings.mapLevel = analysed.level;
  findings.sliceConsistency = whole;
  findings.threshold = threshold.value;
  findings.thresholdSource = threshold.source;
  findings.findingGate = gate.gate;
  findings.findingGateSource = gate.source;
  findings.provenance = RunProvenance::of(method, m_request.input.string());

  const auto figures = figureNames(scan.image, maps.anomalyMap, modelBoxes);
  std::vector<std::string> outputNames = ResultFiles::localizeOutputs(), figureFiles;
  if (dicom) {
    for (const auto& name : ResultFiles::dicomOutputs()) outputNames.push_back(name);
  }
  for (const auto& [slice, name] : figures) {
    outputNames.push_back(name);
    figureFiles.push_back(name);
  }
  OutputGuard::refuseInputs(m_request.outputDir, outputNames,
                            {m_request.input, m_request.mask.value_or("")});

  const LocalizationMaps native = NativeMaps::of(maps, scan, input);
  std::filesystem::create_directories(m_request.outputDir);
  ImageWriter().write(native.pseudoHealthy, m_request.outputDir / ResultFiles::kPseudoHealthy);
  ImageWriter().write(native.anomalyMap, m_request.outputDir / ResultFiles::kAnomalyMap);
  ImageWriter().write(native.varianceMap, m_request.outputDir / ResultFiles::kVarianceMap);
  const Image mask = thresholdMask(native.anomalyMap, threshold.value);
  ImageWriter().write(mask, m_request.outputDir / ResultFiles::kAnomalyMask);
  BoxesJsonFile().write(findings, m_request.outputDir / ResultFiles::kBoxesJson);
  if (dicom) {
    DicomResultWriter().write({*dicom, native.anomalyMap, native.varianceMap, mask, findings},
                              m_request.outputDir);
  }
  BoxesCsvFile().write(findings, m_request.outputDir / ResultFiles::kBoxesCsv);
  const OverlayFigure figure(findings.provenance);
  std::vector<ReportFigure> rendered;  // kept for the PDF, which embeds them
  for (const auto& [slice, name] : figures) {
    rendered.push_back({name, figure.png({scan.image, maps.pseudoHealthy, maps.anomalyMap, brain,
                                          modelBoxes, threshold.value, slice})});
    TextFileWriter().write(m_request.outputDir / name, rendered.back().png);
  }
  HtmlReport().write(findings, figureFiles, m_request.outputDir / ResultFiles::kReportHtml);
  PdfReport().write(findings, rendered, m_request.outputDir / ResultFiles::kReportPdf);
  ImageWriter().write(brainMaskOnNativeGrid(scan), m_request.outputDir / ResultFiles::kBrainMask);
  return {findings.boxes.size(), threshold.value, threshold.source, analysed.seconds, warnings};
}

}  // namespace anomadiff::run
