#pragma once

#include "report/BoxesJsonFile.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// One figure the PDF embeds.
struct ReportFigure {
  std::string name;  ///< its file beside the report, for the reader's orientation
  std::string png;   ///< PNG bytes, e.g. OverlayFigure::png()
};

/// The HTML report as one A4 PDF to print, mail or archive without its folder: the same body
/// (HtmlReport::body), the figures embedded, and the research-use notice also in the document
/// title a viewer shows. QTextDocument lays it out, QPdfWriter writes it at 300 dpi; it works
/// headless (GuiApplicationScope), so call it from the main thread.
class PdfReport {
 public:
  /// PDF bytes. Throws IoError when a figure is not a PNG, Error when a QCoreApplication without
  /// GUI is running.
  std::string pdf(const FindingsDocument& findings, const std::vector<ReportFigure>& figures) const;
  /// Writes pdf() atomically.
  void write(const FindingsDocument& findings, const std::vector<ReportFigure>& figures,
             const std::filesystem::path& path) const;

  /// The document title: names the input and says "research use only".
  static std::string title(const FindingsDocument& findings);
};

}  // namespace anomadiff
