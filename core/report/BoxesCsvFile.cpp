#include "report/BoxesCsvFile.h"

#include "common/TextFileWriter.h"
#include "report/ReviewSummary.h"

#include <sstream>

namespace anomadiff {

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
  out << "id,x,y,z,width,height,depth,score,max_score,mean_variance,area_px,review\n";
  out.precision(9);
  for (const auto& box : findings.boxes) {
    out << box.id << "," << box.x << "," << box.y << "," << box.z << "," << box.width << ","
        << box.height << "," << box.depth << "," << box.score << "," << box.maxScore << ","
        << box.meanVariance << "," << box.areaPx << "," << box.review << "\n";
  }
  return out.str();
}

void BoxesCsvFile::write(const FindingsDocument& findings,
                         const std::filesystem::path& path) const {
  TextFileWriter().write(path, csv(findings));
}

}  // namespace anomadiff
