#pragma once

#include "image/Image.h"
#include "report/BoxesJsonFile.h"
#include "result/LocalizationResult.h"

#include <QString>
#include <QStringList>

#include <memory>

class QImage;

namespace anomadiff::gui {

/// What to export: the image the result was computed from, the result, the findings as the
/// reader left them and the folder the reader chose.
struct ExportRequest {
  std::shared_ptr<const Image> input;
  QString inputPath;  ///< where `input` came from: never written over
  LocalizationResult result;
  /// FindingsModel::document(). Only its boxes are taken: threshold and provenance come from
  /// the result, so the export always names the run that produced it.
  FindingsDocument findings;
  QString targetFolder;
};

/// What an export wrote.
struct ExportReport {
  QString folder;
  QStringList files;         ///< file names inside `folder`, in the order written
  QStringList removedFiles;  ///< figures of an earlier export there that no longer apply
};

/// Writes a reviewed result as a self-contained folder to hand on: boxes.json/csv with the review
/// states and a review summary, the maps and mask on the input's grid, reviewed_boxes_mask.nii.gz
/// (the kept boxes as labels), one figure per kept finding (finding_<id>_z<k>.png; overview_z<k>
/// .png without any) and report.html/.pdf; for a DICOM series input also the DICOM SEG,
/// Parametric Maps and SR Measurement Report with the reader's verdicts (DicomResultWriter).
/// Everything is checked and rendered before the first file is written, and each file is written
/// atomically, so a refused or failed export leaves an earlier one in that folder complete. Call
/// from the GUI thread (the PDF lays out text).
class ResultExporter {
 public:
  /// Throws InvalidArgument for a refused folder (ExportFolderCheck), missing maps, maps off the
  /// input's grid or boxes the label mask cannot hold; IoError when a file cannot be written.
  ExportReport exportAll(const ExportRequest& request) const;
  /// The current view as an annotated PNG, atomically. Throws InvalidArgument for a null image,
  /// IoError naming the path when it cannot be written.
  static void writePng(const QImage& image, const QString& path);
};

}  // namespace anomadiff::gui
