#pragma once
// Implementation header of anomadiff_pacs: names DCMTK types.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

#include <QByteArray>

namespace anomadiff {

/// A small picture of one DICOM instance for a study browser, rendered by DCMTK (dcmimgle):
/// the stored VOI window when the instance has one, else its intensity range without the
/// extreme values; scaled so the longer side is `longerSide` pixels.
class DicomThumbnail {
 public:
  /// Portable graymap (P5) or pixmap (P6) bytes, which QImage reads without a Gui dependency
  /// here; empty when the instance has no image DCMTK can render.
  static QByteArray render(DcmDataset& instance, int longerSide);
};

}  // namespace anomadiff
