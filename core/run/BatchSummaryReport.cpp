#include "run/BatchSummaryReport.h"

#include "common/TextFileWriter.h"
#include "report/HtmlReport.h"
#include "run/BatchManifest.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace anomadiff::run {
namespace {

using nlohmann::json;

std::string number(double value, const char* format = "%.2f") {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string escape(const std::string& text) {
  return HtmlReport::escape(text);
}

std::string modelText(const json& run) {
  const std::string hash = run.value("model_sha256", "");
  if (hash.empty()) return "no model (a model-free method)";
  return "model " + escape(run.value("model", "")) + " (sha256 " + escape(hash) + ")";
}

void writeRow(std::ostringstream& html, const BatchRecord& record,
              const std::filesystem::path& outputDir) {
  const bool ok = record.status == "ok";
  html << "<tr class=\"" << (ok ? "ok" : "failed") << "\"><td>" << record.index << "</td><td>"
       << escape(record.input) << "</td><td>" << escape(record.status) << "</td><td>"
       << (ok ? std::to_string(record.boxes) : "") << "</td><td>" << number(record.seconds)
       << "</td><td>" << escape(record.error) << "</td><td>";
  if (ok && std::filesystem::exists(outputDir / record.result / "report.html")) {
    html << "<a href=\"" << escape(record.result) << "/report.html\">" << escape(record.result)
         << "</a>";
  } else if (std::filesystem::exists(outputDir / record.result)) {
    html << escape(record.result);
  } else {
    html << "–";
  }
  html << "</td></tr>\n";
}

}  // namespace

void BatchSummaryReport::write(const std::filesystem::path& outputDir) {
  const auto manifests = BatchManifest::readAll(outputDir);
  std::map<std::size_t, BatchRecord> records;
  std::set<std::string> shards;
  json run;
  for (const auto& manifest : manifests) {
    shards.insert(manifest.value("shard", "?"));
    run = manifest.at("run");
    for (const auto& entry : manifest.at("entries")) {
      const auto record = BatchRecord::fromJson(entry);
      records[record.index] = record;
    }
  }
  std::size_t succeeded = 0;
  std::vector<double> times;
  for (const auto& [index, record] : records) {
    succeeded += record.status == "ok";
    if (record.status == "ok") times.push_back(record.seconds);
  }
  std::sort(times.begin(), times.end());
  double total = 0.0;
  for (const double t : times) total += t;
  const std::size_t inputs = run.value("inputs_total", records.size());

  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>AnomaDiff batch</title>"
       << "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
       << "tr.failed{background:#fdd}</style></head><body>\n<h1>AnomaDiff batch</h1>\n<p>"
       << succeeded << " of " << inputs << " inputs localized, " << records.size() - succeeded
       << " failed, " << inputs - records.size()
       << " not done yet; shards reporting: " << shards.size() << " of "
       << run.value("shard_count", 1) << ".</p>\n<p>Method " << escape(run.value("method", ""))
       << ", " << modelText(run) << ", app " << escape(run.value("app_version", ""))
       << ", parameters " << escape(run.value("parameters", json::object()).dump())
       << ".</p>\n<p>Time per input: "
       << "median " << (times.empty() ? std::string("–") : number(times[times.size() / 2]))
       << " s, total " << number(total) << " s.</p>\n"
       << "<table><tr><th>#</th><th>input</th><th>status</th><th>boxes</th><th>s</th>"
       << "<th>error</th><th>result</th></tr>\n";
  for (const auto& [index, record] : records) writeRow(html, record, outputDir);
  html << "</table>\n</body></html>\n";
  TextFileWriter().write(outputDir / "summary.html", html.str());
}

}  // namespace anomadiff::run
