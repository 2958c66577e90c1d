#include "export/ResultExporter.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "dicom/DicomResultWriter.h"
#include "export/ExportFolderCheck.h"
#include "export/ReviewedBoxesMask.h"
#include "image/DicomSeries.h"
#include "image/ImageWriter.h"
#include "preprocess/BrainMask.h"
#include "protocol/ResultFiles.h"
#include "report/BoxesCsvFile.h"
#include "report/HtmlReport.h"
#include "report/OverlayFigure.h"
#include "report/PdfReport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>
#include <map>
#include <system_error>

namespace anomadiff::gui {
namespace {

using Path = std::filesystem::path;
using protocol::ResultFiles;

/// NIfTI stores spacing, origin and direction as float32: a map read back from the result
/// differs from the input in the last digits, not by a voxel.
constexpr double kGridTolerance = 1e-3;

Path toPath(const QString& path) {
  return Path(QFile::encodeName(path).toStdString());
}

bool near(const auto& a, const auto& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::abs(a[i] - b[i]) > kGridTolerance) return false;
  }
  return true;
}

bool sameGrid(const ImageGeometry& a, const ImageGeometry& b) {
  return a.size == b.size && near(a.spacing, b.spacing) && near(a.origin, b.origin) &&
         near(a.direction, b.direction);
}

void requireMapsOnInputGrid(const ExportRequest& request) {
  if (!request.input) throw InvalidArgument("export: no input image");
  const auto& result = request.result;
  const std::pair<const Image*, const char*> maps[] = {
      {result.pseudoHealthy.get(), "pseudo-healthy image"},
      {result.anomalyMap.get(), "anomaly map"},
      {result.varianceMap.get(), "variance map"},
      {result.mask.get(), "anomaly mask"}};
  for (const auto& [map, name] : maps) {
    if (!map) throw InvalidArgument(std::string("export: the result has no ") + name);
    if (!sameGrid(map->geometry(), request.input->geometry())) {
      throw InvalidArgument(std::string("export: the result's ") + name +
                            " is not on the input's grid");
    }
  }
}

/// The reader's boxes with the run's metadata, stamped as reviewed now.
FindingsDocument reviewedFindings(const ExportRequest& request) {
  FindingsDocument document = request.result.findings;
  document.boxes = request.findings.boxes;
  document.reviewedUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
  return document;
}

/// One figure per kept finding through its centre slice; findings sharing a slice share the
/// rendering. Without kept findings one overview at the slice with the highest score.
std::vector<ReportFigure> renderFigures(const ExportRequest& request,
                                        const FindingsDocument& findings) {
  const Image& input = *request.input;
  const Image& anomaly = *request.result.anomalyMap;
  const Image brain = preprocess::BrainMask::forImage(input, nullptr);
  const auto kept = ReviewedBoxesMask::kept(findings.boxes);
  const OverlayFigure figure(findings.provenance);
  std::map<std::size_t, std::string> pngBySlice;
  const auto render = [&](std::size_t slice) -> const std::string& {
    auto [at, isNew] = pngBySlice.try_emplace(slice);
    if (isNew) {
      at->second = figure.png(
          {input, *request.result.pseudoHealthy, anomaly, brain, kept, findings.threshold, slice});
    }
    return at->second;
  };
  std::vector<ReportFigure> figures;
  for (const auto& box : kept) {
    const auto slice = OverlayFigure::findingSlices(anomaly, {box}, 1).front();
    figures.push_back({"finding_" + std::to_string(box.id) + "_z" + std::to_string(slice) + ".png",
                       render(slice)});
  }
  if (figures.empty()) {
    const auto slice = OverlayFigure::findingSlices(anomaly, {}, 1).front();
    figures.push_back({"overview_z" + std::to_string(slice) + ".png", render(slice)});
  }
  return figures;
}

/// A map with the input's geometry written into it, so every output sits exactly on the input
/// grid (not on its float32 round trip).
Image onInputGrid(const Image& map, const Image& input) {
  return Image(input.geometry(), std::vector<float>(map.voxels().begin(), map.voxels().end()),
               map.storedAs());
}

/// Figures of an earlier export into this folder whose finding was since removed or rejected:
/// left behind they would contradict the report beside them.
QStringList removeStaleFigures(const QString& folder, const QStringList& written) {
  static const QRegularExpression kFigureName(R"(^(finding_\d+|overview)_z\d+\.png$)");
  QStringList removed;
  QDir dir(folder);
  for (const QString& name : dir.entryList(QDir::Files)) {
    if (kFigureName.match(name).hasMatch() && !written.contains(name) && dir.remove(name)) {
      removed << name;
    }
  }
  return removed;
}

/// DICOM objects an earlier export left that this one did not write (a SEG when no finding is
/// left): they would contradict the report beside them.
QStringList removeStaleDicom(const QString& folder, const QStringList& written) {
  QStringList removed;
  QDir dir(folder);
  for (const auto& name : ResultFiles::dicomOutputs()) {
    const QString file = QString::fromStdString(name);
    if (!written.contains(file) && dir.exists(file) && dir.remove(file)) removed << file;
  }
  return removed;
}

/// Everything an export writes, rendered before the first file is touched.
struct Rendered {
  /// Set when the input is a DICOM series folder: the SEG, maps and SR reference it.
  std::optional<DicomSource> dicom;
  FindingsDocument findings;
  Image labels;
  std::vector<ReportFigure> figures;
  std::string html;
  std::string pdf;
};

Rendered render(const ExportRequest& request) {
  Rendered out;
  const Path input = toPath(request.inputPath);
  if (!request.inputPath.isEmpty() && std::filesystem::is_directory(input)) {
    out.dicom = DicomSeries::find(input).source();
  }
  out.findings = reviewedFindings(request);
  out.labels = ReviewedBoxesMask::build(request.input->geometry(), out.findings.boxes);
  out.figures = renderFigures(request, out.findings);
  std::vector<std::string> names;
  for (const auto& figure : out.figures) names.push_back(figure.name);
  out.html = HtmlReport().html(out.findings, names);
  out.pdf = PdfReport().pdf(out.findings, out.figures);
  return out;
}

}  // namespace

ExportReport ResultExporter::exportAll(const ExportRequest& request) const {
  ExportFolderCheck::require(toPath(request.targetFolder), toPath(request.result.folder),
                             toPath(request.inputPath));
  requireMapsOnInputGrid(request);
  const Rendered rendered = render(request);

  const Path folder = toPath(request.targetFolder);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    throw IoError("cannot create export folder '" + folder.string() + "': " + error.message());
  }
  ExportReport report;
  report.folder = request.targetFolder;
  const auto written = [&](const std::string& name) {
    report.files << QString::fromStdString(name);
    return folder / name;
  };
  for (const auto& figure : rendered.figures) {
    TextFileWriter().write(written(figure.name), figure.png);
  }
  const Image& input = *request.input;
  const auto& result = request.result;
  ImageWriter().write(onInputGrid(*result.pseudoHealthy, input),
                      written(ResultFiles::kPseudoHealthy));
  ImageWriter().write(onInputGrid(*result.anomalyMap, input), written(ResultFiles::kAnomalyMap));
  ImageWriter().write(onInputGrid(*result.varianceMap, input), written(ResultFiles::kVarianceMap));
  ImageWriter().write(onInputGrid(*result.mask, input), written(ResultFiles::kAnomalyMask));
  ImageWriter().write(rendered.labels, written(ResultFiles::kReviewedBoxesMask));
  BoxesJsonFile().write(rendered.findings, written(ResultFiles::kBoxesJson));
  BoxesCsvFile().write(rendered.findings, written(ResultFiles::kBoxesCsv));
  TextFileWriter().write(written(ResultFiles::kReportHtml), rendered.html);
  TextFileWriter().write(written(ResultFiles::kReportPdf), rendered.pdf);
  if (rendered.dicom) {
    const DicomResult dicom{*rendered.dicom, onInputGrid(*result.anomalyMap, input),
                            onInputGrid(*result.varianceMap, input),
                            onInputGrid(*result.mask, input), rendered.findings};
    for (const auto& path : DicomResultWriter().write(dicom, folder)) {
      report.files << QString::fromStdString(path.filename().string());
    }
  }
  report.removedFiles = removeStaleFigures(request.targetFolder, report.files) +
                        removeStaleDicom(request.targetFolder, report.files);
  return report;
}

void ResultExporter::writePng(const QImage& image, const QString& path) {
  if (image.isNull()) {
    throw InvalidArgument("no image to save as '" + path.toStdString() + "'");
  }
  // QSaveFile writes beside the target and renames on commit: a viewer never sees half a PNG.
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
    throw IoError("cannot write PNG '" + path.toStdString() +
                  "': " + file.errorString().toStdString());
  }
}

}  // namespace anomadiff::gui
