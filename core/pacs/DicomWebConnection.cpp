#include "pacs/DicomWebConnection.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"
#include "pacs/DicomFileCheck.h"
#include "pacs/MultipartProgress.h"
#include "pacs/MultipartRelated.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace anomadiff {
namespace {

constexpr const char* kDicomJson = "application/dicom+json";

/// The first value of a DICOM JSON attribute (PS3.18 F.2) as text; a person name's alphabetic
/// group; "" when absent.
std::string valueOf(const QJsonObject& object, const char* tag) {
  const QJsonArray values = object.value(tag).toObject().value("Value").toArray();
  if (values.isEmpty()) return {};
  const QJsonValue first = values.first();
  if (first.isObject()) return first.toObject().value("Alphabetic").toString().toStdString();
  if (first.isDouble()) return std::to_string(first.toInteger());
  return first.toString().toStdString();
}

std::string allValuesOf(const QJsonObject& object, const char* tag) {
  std::string joined;
  for (const auto& value : object.value(tag).toObject().value("Value").toArray()) {
    joined += (joined.empty() ? "" : "\\") + value.toString().toStdString();
  }
  return joined;
}

QJsonArray jsonArray(const QByteArray& body, const std::string& origin) {
  if (body.trimmed().isEmpty()) return {};  // 204 No Content: no match
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(body, &error);
  if (!document.isArray()) {
    throw IoError(origin + " answered no DICOM JSON array: " + error.errorString().toStdString());
  }
  return document.array();
}

}  // namespace

DicomWebConnection::DicomWebConnection(PacsSettings settings)
    : m_settings(withCredentialsOfUrl(std::move(settings))),
      m_root(rootOf(m_settings)),
      m_http(m_settings) {}

PacsSettings DicomWebConnection::withCredentialsOfUrl(PacsSettings settings) {
  const QUrl given(QString::fromStdString(settings.dicomWebUrl));
  if (settings.user.empty() && !given.userName().isEmpty()) {
    settings.user = given.userName().toStdString();
    settings.password = given.password().toStdString();
  }
  return settings;
}

QUrl DicomWebConnection::rootOf(const PacsSettings& settings) {
  QUrl given(QString::fromStdString(settings.dicomWebUrl));
  if (!given.isValid() || (given.scheme() != "http" && given.scheme() != "https")) {
    throw InvalidArgument("the DICOMweb URL '" + settings.serverName().substr(9) +
                          "' is not an http:// or https:// URL");
  }
  given.setUserInfo({});
  return given;
}

QUrl DicomWebConnection::url(const QString& path) const {
  QUrl result = m_root;
  QString base = result.path();
  while (base.endsWith('/')) base.chop(1);
  result.setPath(base + path);
  return result;
}

QByteArray DicomWebConnection::searchJson(const QString& what, const QUrl& url) const {
  QNetworkRequest request(url);
  request.setRawHeader("Accept", kDicomJson);
  return m_http.send(what, request).body;
}

void DicomWebConnection::echo() {
  QUrl probe = url("/studies");
  probe.setQuery("limit=1");
  jsonArray(searchJson("QIDO-RS echo", probe), m_settings.serverName());
}

std::vector<PacsStudy> DicomWebConnection::findStudies(const PacsQuery& query) {
  QUrl search = url("/studies");
  QUrlQuery parameters;
  const auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) parameters.addQueryItem(key, QString::fromStdString(value));
  };
  // Qt percent-encodes the person-name separator '^' (it must: RFC 3986), and Orthanc's DICOMweb
  // plugin (1.7) then matches "%5E" literally: no study is found. The DICOM wildcard '?' (one
  // character) matches the separator on every server.
  std::string patientName = query.patientName;
  std::replace(patientName.begin(), patientName.end(), '^', '?');
  add("PatientName", patientName);
  add("PatientID", query.patientId);
  add("StudyDate", query.studyDate);
  add("AccessionNumber", query.accessionNumber);
  parameters.addQueryItem("includefield", "StudyDescription");
  parameters.addQueryItem("includefield", "ModalitiesInStudy");
  search.setQuery(parameters);
  std::vector<PacsStudy> studies;
  for (const auto& item :
       jsonArray(searchJson("QIDO-RS study search", search), m_settings.serverName())) {
    const QJsonObject study = item.toObject();
    studies.push_back({valueOf(study, "0020000D"), valueOf(study, "00100010"),
                       valueOf(study, "00100020"), valueOf(study, "00080020"),
                       valueOf(study, "00081030"), allValuesOf(study, "00080061")});
  }
  return studies;
}

std::vector<PacsSeries> DicomWebConnection::findSeries(const std::string& studyInstanceUid) {
  QUrl search = url("/studies/" + QString::fromStdString(studyInstanceUid) + "/series");
  search.setQuery("includefield=SeriesDescription&includefield=NumberOfSeriesRelatedInstances");
  std::vector<PacsSeries> series;
  for (const auto& item :
       jsonArray(searchJson("QIDO-RS series search", search), m_settings.serverName())) {
    const QJsonObject one = item.toObject();
    series.push_back({valueOf(one, "0020000E"), valueOf(one, "00080060"), valueOf(one, "00200011"),
                      valueOf(one, "0008103E"), std::atoi(valueOf(one, "00201209").c_str())});
  }
  return series;
}

std::string DicomWebConnection::studyOfSeries(const std::string& seriesInstanceUid) {
  QUrl search = url("/series");
  search.setQuery("SeriesInstanceUID=" + QString::fromStdString(seriesInstanceUid) +
                  "&includefield=StudyInstanceUID");
  const auto found =
      jsonArray(searchJson("QIDO-RS series lookup", search), m_settings.serverName());
  if (found.isEmpty()) {
    throw IoError(m_settings.serverName() + " has no series " + seriesInstanceUid);
  }
  return valueOf(found.first().toObject(), "0020000D");
}

std::vector<std::filesystem::path> DicomWebConnection::retrieveSeries(
    const std::string& studyInstanceUid, const std::string& seriesInstanceUid,
    const std::filesystem::path& folder, const RetrieveProgress& progress) {
  DicomFileCheck::requireNewFolder(folder);
  QNetworkRequest request(url("/studies/" + QString::fromStdString(studyInstanceUid) + "/series/" +
                              QString::fromStdString(seriesInstanceUid)));
  request.setRawHeader("Accept", "multipart/related; type=\"application/dicom\"");
  std::unique_ptr<MultipartProgress> counter;
  int told = 0;
  const auto answer = m_http.receive(
      "WADO-RS series retrieve", request, [&](const QByteArray& bodySoFar, const QString& type) {
        if (!progress) return;
        if (!counter) counter = std::make_unique<MultipartProgress>(type);
        const int received = counter->completedParts(bodySoFar);
        if (received > told) progress(told = received, 0);  // WADO-RS announces no count
      });
  const auto parts = MultipartRelated::parts(answer.body, answer.contentType);
  if (parts.empty()) {
    throw IoError(m_settings.serverName() + ": series " + seriesInstanceUid + " has no instances");
  }
  AtomicOutput output(folder);
  std::filesystem::create_directories(output.temporaryPath());
  std::vector<std::filesystem::path> files;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    char name[40];
    std::snprintf(name, sizeof name, "instance%05zu.dcm", i + 1);
    DicomFileCheck::requireDicom(
        parts[i], "instance " + std::to_string(i + 1) + " of series " + seriesInstanceUid);
    QFile file(QString::fromStdString((output.temporaryPath() / name).string()));
    if (!file.open(QIODevice::WriteOnly) || file.write(parts[i]) != parts[i].size()) {
      throw IoError("cannot write '" + (folder / name).string() + "'");
    }
    files.push_back(folder / name);
  }
  output.commit();
  return files;
}

QByteArray DicomWebConnection::seriesThumbnail(const std::string& studyInstanceUid,
                                               const std::string& seriesInstanceUid) {
  // PS3.18 "rendered" resource of the series (a representative image), scaled by the server.
  QUrl rendered = url("/studies/" + QString::fromStdString(studyInstanceUid) + "/series/" +
                      QString::fromStdString(seriesInstanceUid) + "/rendered");
  rendered.setQuery("viewport=96,96");
  QNetworkRequest request(rendered);
  request.setRawHeader("Accept", "image/png");  // Orthanc answers a list of types with 400
  try {
    return m_http.send("WADO-RS rendered thumbnail", request).body;
  } catch (const std::exception&) {
    return {};  // optional: a server without rendering still lists and retrieves
  }
}

void DicomWebConnection::store(const std::vector<std::filesystem::path>& files) {
  std::vector<QByteArray> parts;
  for (const auto& path : files) parts.push_back(DicomFileCheck::readDicom(path));
  QString contentType;
  const QByteArray body = MultipartRelated::build(parts, "application/dicom", contentType);
  QNetworkRequest request(url("/studies"));
  request.setRawHeader("Accept", kDicomJson);
  const auto answer = m_http.send("STOW-RS store", request, body, contentType);
  if (answer.status == 202) {  // some instances refused: PS3.18 10.5.3
    std::string refused;
    QJsonParseError error;
    const QJsonObject result = QJsonDocument::fromJson(answer.body, &error).object();
    for (const auto& item : result.value("00081198").toObject().value("Value").toArray()) {
      refused += (refused.empty() ? "" : ", ") + valueOf(item.toObject(), "00081155");
    }
    throw IoError(m_settings.serverName() + ": STOW-RS store refused some instances: " +
                  (refused.empty() ? "(not named)" : refused));
  }
}

}  // namespace anomadiff
