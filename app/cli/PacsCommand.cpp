#include "cli/PacsCommand.h"

#include "common/Error.h"
#include "pacs/PacsConnection.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace anomadiff::cli {
namespace {

/// FILE or FOLDER arguments as files: a folder gives its *.dcm files, sorted.
std::vector<std::filesystem::path> dicomFiles(const std::vector<std::filesystem::path>& given) {
  std::vector<std::filesystem::path> files;
  for (const auto& path : given) {
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> inFolder;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".dcm") {
        inFolder.push_back(entry.path());
      }
    }
    if (inFolder.empty()) throw InvalidArgument("folder '" + path.string() + "' has no .dcm file");
    std::sort(inFolder.begin(), inFolder.end());
    files.insert(files.end(), inFolder.begin(), inFolder.end());
  }
  return files;
}

}  // namespace

CLI::App* PacsCommand::addTo(CLI::App& app) {
  auto* command = app.add_subcommand("pacs", "Talk to a PACS: echo, find, fetch, send");
  command->require_subcommand(1);
  m_echo = command->add_subcommand("echo", "Check that the PACS answers (C-ECHO / QIDO-RS)");
  m_find = command->add_subcommand("find", "List studies, or the series of one study");
  m_find->add_option("--patient-name", m_query.patientName, "Patient name (wildcards * ?)");
  m_find->add_option("--patient-id", m_query.patientId, "Patient ID");
  m_find->add_option("--study-date", m_query.studyDate, "YYYYMMDD or YYYYMMDD-YYYYMMDD");
  m_find->add_option("--accession", m_query.accessionNumber, "Accession number");
  m_find->add_option("--study", m_study, "List this study's series instead");
  m_find->add_flag("--json", m_json, "Print JSON");
  m_fetch = command->add_subcommand("fetch", "Retrieve a series into a new folder");
  m_fetch->add_option("--study", m_study, "Study instance UID")->required();
  m_fetch->add_option("--series", m_series, "Series instance UID")->required();
  m_fetch->add_option("-o,--output", m_output, "New folder for the series")->required();
  m_send = command->add_subcommand("send", "Store DICOM files (or the .dcm files of folders)");
  m_send->add_option("files", m_files, "DICOM files or folders")->required();
  for (auto* sub : {m_echo, m_find, m_fetch, m_send}) m_pacs.addTo(*sub);
  return command;
}

int PacsCommand::run(const CommandContext& context) const {
  if (m_find->parsed()) return find(context);
  if (m_send->parsed()) return send(context);
  const auto connection = PacsConnection::open(m_pacs.settings());
  if (m_echo->parsed()) {
    connection->echo();
    context.out << m_pacs.settings().serverName() << " answers\n";
    return 0;
  }
  const auto files = connection->retrieveSeries(m_study, m_series, m_output, {});
  context.out << files.size() << " instances in " << m_output.string() << "\n";
  return 0;
}

int PacsCommand::find(const CommandContext& context) const {
  const auto connection = PacsConnection::open(m_pacs.settings());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  if (m_study.empty()) {
    for (const auto& study : connection->findStudies(m_query)) {
      list.push_back({{"study_uid", study.studyInstanceUid},
                      {"patient_name", study.patientName},
                      {"patient_id", study.patientId},
                      {"study_date", study.studyDate},
                      {"description", study.studyDescription},
                      {"modalities", study.modalities}});
    }
  } else {
    for (const auto& series : connection->findSeries(m_study)) {
      list.push_back({{"series_uid", series.seriesInstanceUid},
                      {"modality", series.modality},
                      {"number", series.seriesNumber},
                      {"description", series.seriesDescription},
                      {"instances", series.instances}});
    }
  }
  if (m_json) {
    context.out << list.dump(2) << "\n";
    return 0;
  }
  for (const auto& row : list) {
    std::string line;
    for (const auto& [key, value] : row.items()) {
      line += (line.empty() ? "" : "\t") +
              (value.is_string() ? value.get<std::string>() : value.dump());
    }
    context.out << line << "\n";
  }
  return 0;
}

int PacsCommand::send(const CommandContext& context) const {
  const auto files = dicomFiles(m_files);
  PacsConnection::open(m_pacs.settings())->store(files);
  context.out << "stored " << files.size() << " files in " << m_pacs.settings().serverName()
              << "\n";
  return 0;
}

}  // namespace anomadiff::cli
