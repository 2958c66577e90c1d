#include "run/BatchManifest.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace anomadiff::run {
namespace {

using nlohmann::json;

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string seconds(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

}  // namespace

json BatchRecord::toJson() const {
  return {{"index", index},
          {"input", input},
          {"result", result},
          {"status", status},
          {"error", error},
          {"seconds", seconds},
          {"boxes", boxes},
          {"model_sha256", modelSha256},
          {"finished_utc", finishedUtc}};
}

BatchRecord BatchRecord::fromJson(const json& entry) {
  BatchRecord record;
  record.index = entry.at("index").get<std::size_t>();
  record.input = entry.at("input").get<std::string>();
  record.result = entry.at("result").get<std::string>();
  record.status = entry.at("status").get<std::string>();
  record.error = entry.value("error", "");
  record.seconds = entry.value("seconds", 0.0);
  record.boxes = entry.value("boxes", std::size_t{0});
  record.modelSha256 = entry.value("model_sha256", "");
  record.finishedUtc = entry.value("finished_utc", "");
  return record;
}

BatchManifest::BatchManifest(std::filesystem::path outputDir, BatchShard shard, json run)
    : m_outputDir(std::move(outputDir)), m_shard(shard), m_run(std::move(run)) {}

std::filesystem::path BatchManifest::jsonPath() const {
  return m_outputDir / ("manifest" + m_shard.fileTag() + ".json");
}

std::filesystem::path BatchManifest::csvPath() const {
  return m_outputDir / ("manifest" + m_shard.fileTag() + ".csv");
}

bool BatchManifest::exists() const {
  return std::filesystem::exists(jsonPath());
}

void BatchManifest::resume() {
  const auto path = jsonPath();
  json stored;
  try {
    std::ifstream stream(path);
    stored = json::parse(stream);
    if (stored.at("format") != kFormat) throw std::runtime_error("not a batch manifest");
  } catch (const std::exception& error) {
    throw IoError("batch manifest '" + path.string() + "' cannot be read: " + error.what());
  }
  for (const char* key : {"method", "model_sha256", "parameters", "inputs_total"}) {
    const auto before = stored.at("run").value(key, json());
    const auto now = m_run.value(key, json());
    if (before != now) {
      throw InvalidArgument("--resume: batch manifest '" + path.string() + "' was made with " +
                            key + " " + before.dump() + ", this run has " + now.dump() +
                            " (use another output folder)");
    }
  }
  for (const auto& entry : stored.at("entries")) {
    auto record = BatchRecord::fromJson(entry);
    m_records[record.index] = record;
  }
}

const BatchRecord* BatchManifest::find(std::size_t index) const {
  const auto found = m_records.find(index);
  return found == m_records.end() ? nullptr : &found->second;
}

void BatchManifest::record(const BatchRecord& record) {
  m_records[record.index] = record;
  write();
}

void BatchManifest::forget(std::size_t index) {
  m_records.erase(index);
  write();
}

void BatchManifest::write() const {
  json entries = json::array();
  std::ostringstream csv;
  csv << "index,input,result,status,error,seconds,boxes,model_sha256,finished_utc\n";
  for (const auto& [index, record] : m_records) {
    entries.push_back(record.toJson());
    csv << index << ',' << csvField(record.input) << ',' << csvField(record.result) << ','
        << record.status << ',' << csvField(record.error) << ',' << seconds(record.seconds) << ','
        << record.boxes << ',' << record.modelSha256 << ',' << record.finishedUtc << '\n';
  }
  const json manifest = {
      {"format", kFormat},
      {"format_version", 1},
      {"shard", std::to_string(m_shard.index) + "/" + std::to_string(m_shard.count)},
      {"run", m_run},
      {"entries", entries}};
  // JSON last: it is what --resume reads, so it never claims more than the CSV shows.
  TextFileWriter().write(csvPath(), csv.str());
  TextFileWriter().write(jsonPath(), manifest.dump(2) + "\n");
}

std::vector<json> BatchManifest::readAll(const std::filesystem::path& outputDir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(outputDir)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("manifest") && name.ends_with(".json")) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<json> manifests;
  for (const auto& path : paths) {
    try {
      std::ifstream stream(path);
      auto manifest = json::parse(stream);
      if (manifest.value("format", "") == kFormat) manifests.push_back(std::move(manifest));
    } catch (const std::exception&) {
      // Another shard is rewriting it (rename is atomic, so this is rare): the summary it
      // writes at its end will include it.
    }
  }
  return manifests;
}

}  // namespace anomadiff::run
