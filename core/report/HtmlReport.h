#pragma once

#include "report/BoxesJsonFile.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

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

  static std::string escape(const std::string& text);
};

}  // namespace anomadiff
