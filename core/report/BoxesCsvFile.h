#pragma once

#include "report/BoxesJsonFile.h"

#include <filesystem>
#include <string>

namespace anomadiff {

/// The findings as a spreadsheet: one row per box (the boxes.json fields, "review" empty while
/// not reviewed), preceded by '#' comment lines with the provenance (read with e.g. pandas
/// `comment="#"`), and once reviewed a "# reviewed" line with the counts per state. Review states
/// are plain words, so no field needs quoting.
class BoxesCsvFile {
 public:
  std::string csv(const FindingsDocument& findings) const;
  void write(const FindingsDocument& findings, const std::filesystem::path& path) const;
};

}  // namespace anomadiff
