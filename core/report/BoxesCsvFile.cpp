#include "report/BoxesCsvFile.h"

#include "common/TextFileWriter.h"
#include "report/FindingText.h"
#include "report/ReviewSummary.h"

#include <sstream>

namespace anomadiff {
namespace {

/// RFC 4180: region names hold commas ("Inferior Frontal Gyrus, pars opercularis").
std::string quoted(const std::string& field) {
  if (field.find_first_of(",\"\n") == std::string::npos) return field;
  std::string text = "\"";
  for (const char c : field) text += c == '"' ? std::string("\"\"") : std::string(1, c);
  return text + "\"";
}

}  // namespace

std::string BoxesCsvFile::csv(const FindingsDocument& findings) const {
  const Provenance& p = findings.provenance;
  std::ostringstream out;
  out << "# AnomaDiff " << p.appVersion << ", method " << p.method << ", model " << p.modelName
      << " sha256 " << p.modelHash << "\n# parameters:";
  for (const auto& [name, value] : p.parameters) out << " " << name << "=" << value;
  out << "\n# threshold " << findings.threshold << " (" << findings.thresholdSource << "), threads "
      << p.threads << ", created " << p.createdUtc << " UTC\n";
  if (!findings.reviewedUtc.empty()) {
    out << "# reviewed " << findings.reviewedUtc
        << " UTC: " << ReviewSummary::of(findings.boxes).text() << "\n";
  }
  out << "id,x,y,z,width,height,depth,score,max_score,mean_variance,area_px,review,volume_ml,"
         "extent_rl_mm,extent_ap_mm,extent_si_mm,regions\n";
  out.precision(9);
  for (const auto& box : findings.boxes) {
    const auto extent = FindingText::extentMm(box, findings.grid);
    out << box.id << "," << box.x << "," << box.y << "," << box.z << "," << box.width << ","
        << box.height << "," << box.depth << "," << box.score << "," << box.maxScore << ","
        << box.meanVariance << "," << box.areaPx << "," << box.review << "," << box.volumeMl << ","
        << extent[0] << "," << extent[1] << "," << extent[2] << ","
        << quoted(FindingText::where(box)) << "\n";
  }
  return out.str();
}

void BoxesCsvFile::write(const FindingsDocument& findings,
                         const std::filesystem::path& path) const {
  TextFileWriter().write(path, csv(findings));
}

}  // namespace anomadiff
