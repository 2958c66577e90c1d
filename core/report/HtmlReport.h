#pragma once

#include "report/BoxesJsonFile.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// How the report body refers to one figure.
struct ReportImage {
  std::string source;  ///< <img src>: a file beside the report, or a QTextDocument resource name
  int width = 0;       ///< drawn width in CSS pixels (1/96 inch); 0 leaves it to the stylesheet
};

/// The self-contained summary a reader opens in a browser or prints: the research-use notice,
/// the overlay figures (files next to the report), the findings table sorted by score, the
/// threshold and where it came from, and the full provenance (app version, method, model name
/// and sha256, every parameter incl. L, s, N, steps, seed, threads, input, time). Every text
/// that comes from outside (file names, method names) is HTML-escaped.
class HtmlReport {
 public:
  /// `figures`: file names relative to the report's folder, shown in order.
  std::string html(const FindingsDocument& findings, const std::vector<std::string>& figures) const;
  /// Writes html() atomically.
  void write(const FindingsDocument& findings, const std::vector<std::string>& figures,
             const std::filesystem::path& path) const;

  /// The content between <body> and </body> — notice, input, figures, findings, threshold and
  /// provenance — shared with PdfReport so both exports always say the same.
  static std::string body(const FindingsDocument& findings, const std::vector<ReportImage>& images);
  static std::string escape(const std::string& text);
};

}  // namespace anomadiff
