#include "report/HtmlReport.h"

#include "common/TextFileWriter.h"
#include "report/FindingText.h"
#include "report/ReviewSummary.h"

#include <algorithm>
#include <sstream>

namespace anomadiff {
namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
    "th{background:#eee}td.name,th.name{text-align:left}"
    ".notice{background:#fff3cd;border:1px solid #e0c36c;padding:8px 12px}"
    "img{max-width:100%;border:1px solid #888}";

bool anyReviewed(const std::vector<BoundingBox>& boxes) {
  return std::any_of(boxes.begin(), boxes.end(),
                     [](const BoundingBox& box) { return !box.review.empty(); });
}

void findingsTable(std::ostream& out, const FindingsDocument& findings) {
  const auto& boxes = findings.boxes;
  if (boxes.empty()) {
    out << "<p>No region exceeds the threshold.</p>\n";
    return;
  }
  // The review column appears only once a reader reviewed something, so automatic reports look
  // as before.
  const bool reviewed = !findings.reviewedUtc.empty() || anyReviewed(boxes);
  out << "<table><tr><th>#</th><th>x</th><th>y</th><th>z</th><th>width</th><th>height</th>"
         "<th>depth</th><th>mean score</th><th>max score</th><th>mean variance</th>"
         "<th>voxels</th><th>size</th><th>where (atlas regions)</th>"
      << (reviewed ? "<th>review</th>" : "") << "</tr>\n";
  for (const auto& box : boxes) {
    out << "<tr><td>" << box.id << "</td><td>" << box.x << "</td><td>" << box.y << "</td><td>"
        << box.z << "</td><td>" << box.width << "</td><td>" << box.height << "</td><td>"
        << box.depth << "</td><td>" << box.score << "</td><td>" << box.maxScore << "</td><td>"
        << box.meanVariance << "</td><td>" << box.areaPx << "</td><td class=\"name\">"
        << HtmlReport::escape(FindingText::size(box, findings.grid)) << "</td><td class=\"name\">"
        << HtmlReport::escape(FindingText::where(box)) << "</td>";
    if (reviewed) {
      out << "<td class=\"name\">"
          << HtmlReport::escape(box.review.empty() ? "pending" : box.review) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "<tr><th class=\"name\">" << HtmlReport::escape(name) << "</th><td class=\"name\">"
      << HtmlReport::escape(value) << "</td></tr>\n";
}

/// How the scan reached the model's space, and what the reader should doubt.
void intakeRows(std::ostream& out, const preprocess::IntakeReport& intake) {
  std::ostringstream text;
  text << intake.scanKind;
  if (intake.foregroundMl > 0) text << " (" << int(intake.foregroundMl) << " mL foreground)";
  row(out, "scan", text.str());
  if (!intake.modelOrientation.empty()) {
    row(out, "orientation", intake.nativeOrientation + " -> " + intake.modelOrientation);
  }
  if (intake.biasCorrected) {
    std::ostringstream bias;
    bias << "N4, field range " << intake.biasFieldRange << " (max / min)";
    row(out, "bias field", bias.str());
  }
  if (intake.registered) {
    std::ostringstream registration;
    registration << "to the " << intake.registrationTarget << ", correlation "
                 << intake.registrationCorrelation << ", Mattes MI " << intake.registrationMetric;
    row(out, "registration", registration.str());
  }
  row(out, "brain mask", intake.brainMask);
  for (const auto& warning : intake.warnings) row(out, "warning", warning);
}

void provenanceTable(std::ostream& out, const FindingsDocument& findings) {
  const Provenance& p = findings.provenance;
  out << "<table>\n";
  row(out, "application", "AnomaDiff " + p.appVersion);
  row(out, "method", p.method);
  row(out, "model", p.modelName.empty() ? "(none)" : p.modelName);
  row(out, "model sha256", p.modelHash.empty() ? "(none)" : p.modelHash);
  for (const auto& [name, value] : p.parameters) {
    std::ostringstream number;
    number << value;
    row(out, name, number.str());
  }
  row(out, "threshold", [&] {
    std::ostringstream text;
    text << findings.threshold << " (" << findings.thresholdSource << ")";
    return text.str();
  }());
  row(out, "finding gate", [&] {
    const BoxGate& gate = findings.findingGate;
    if (gate.isOpen()) return std::string("none (every component above the threshold)");
    std::ostringstream text;
    text << BoxGate::nameOf(gate.statistic()) << " >= " << gate.minimum() << " ("
         << findings.findingGateSource << ")";
    return text.str();
  }());
  row(out, "threads", std::to_string(p.threads));
  row(out, "input", p.input);
  if (findings.intake) intakeRows(out, *findings.intake);
  row(out, "created (UTC)", p.createdUtc);
  if (!findings.reviewedUtc.empty()) row(out, "reviewed (UTC)", findings.reviewedUtc);
  out << "</table>\n";
}

}  // namespace

std::string HtmlReport::escape(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string HtmlReport::body(const FindingsDocument& findings,
                             const std::vector<ReportImage>& images) {
  std::ostringstream out;
  out << "<h1>AnomaDiff anomaly localization report</h1>\n"
      << "<p class=\"notice\"><b>Research use only.</b> Not a medical device; not for diagnosis "
         "or treatment decisions. Findings are regions where the input differs from the model's "
         "pseudo-healthy reconstruction.</p>\n"
      << "<p>Input: <code>" << escape(findings.provenance.input) << "</code></p>\n";
  for (const auto& image : images) {
    out << "<p><img src=\"" << escape(image.source) << "\" alt=\"" << escape(image.source) << "\"";
    if (image.width > 0) out << " width=\"" << image.width << "\"";
    out << "></p>\n";
  }
  out << "<h2>Findings (" << findings.boxes.size() << ")</h2>\n"
      << "<p>Boxes in voxel indices of the input; score = mean anomaly inside the region, "
         "variance = ensemble disagreement (high: the model is unsure).</p>\n";
  if (!findings.reviewedUtc.empty()) {
    out << "<p class=\"notice\">Reviewed by a reader (" << escape(findings.reviewedUtc)
        << " UTC): " << ReviewSummary::of(findings.boxes).text() << ".</p>\n";
  }
  findingsTable(out, findings);
  out << "<h2>Provenance</h2>\n";
  provenanceTable(out, findings);
  return out.str();
}

std::string HtmlReport::html(const FindingsDocument& findings,
                             const std::vector<std::string>& figures) const {
  std::vector<ReportImage> images;
  for (const auto& figure : figures) images.push_back({figure, 0});
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>AnomaDiff "
         "report: " +
         escape(findings.provenance.input) + "</title><style>" + kStyle +
         "</style></head><body>\n" + body(findings, images) + "</body></html>\n";
}

void HtmlReport::write(const FindingsDocument& findings, const std::vector<std::string>& figures,
                       const std::filesystem::path& path) const {
  TextFileWriter().write(path, html(findings, figures));
}

}  // namespace anomadiff
