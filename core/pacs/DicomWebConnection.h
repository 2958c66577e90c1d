#pragma once

#include "pacs/HttpExchange.h"
#include "pacs/PacsConnection.h"

#include <QUrl>

namespace anomadiff {

/// A PACS through DICOMweb (PS3.18) with Qt Network: QIDO-RS to search, WADO-RS to retrieve a
/// series (multipart/related, one part per instance), STOW-RS to store.
class DicomWebConnection final : public PacsConnection {
 public:
  explicit DicomWebConnection(PacsSettings settings);

  void echo() override;
  std::vector<PacsStudy> findStudies(const PacsQuery& query) override;
  std::vector<PacsSeries> findSeries(const std::string& studyInstanceUid) override;
  std::string studyOfSeries(const std::string& seriesInstanceUid) override;
  std::vector<std::filesystem::path> retrieveSeries(const std::string& studyInstanceUid,
                                                    const std::string& seriesInstanceUid,
                                                    const std::filesystem::path& folder,
                                                    const RetrieveProgress& progress) override;
  QByteArray seriesThumbnail(const std::string& studyInstanceUid,
                             const std::string& seriesInstanceUid) override;
  void store(const std::vector<std::filesystem::path>& files) override;

 private:
  /// `settings` with the user and password of a URL "https://user:password@host/…" when no
  /// user is set apart.
  static PacsSettings withCredentialsOfUrl(PacsSettings settings);
  /// The base URL without user info: credentials go in a header, never into a message.
  static QUrl rootOf(const PacsSettings& settings);
  QUrl url(const QString& path) const;
  QByteArray searchJson(const QString& what, const QUrl& url) const;

  PacsSettings m_settings;
  QUrl m_root;
  HttpExchange m_http;
};

}  // namespace anomadiff
