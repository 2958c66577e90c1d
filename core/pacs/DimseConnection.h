#pragma once

#include "pacs/PacsConnection.h"

namespace anomadiff {

/// A PACS through classic DIMSE with DCMTK's dcmnet (DcmSCU): C-ECHO, Study Root C-FIND at
/// study, series and image level, retrieve of a series with C-GET (its stores arrive on the same
/// association, so no port of ours must be open to the PACS) or C-MOVE (to our storage SCP,
/// MoveDestination, for archives without C-GET), and C-STORE. One association per call; over
/// TLS when the settings say so.
class DimseConnection final : public PacsConnection {
 public:
  explicit DimseConnection(PacsSettings settings) : m_settings(std::move(settings)) {}

  void echo() override;
  std::vector<PacsStudy> findStudies(const PacsQuery& query) override;
  std::vector<PacsSeries> findSeries(const std::string& studyInstanceUid) override;
  std::string studyOfSeries(const std::string& seriesInstanceUid) override;
  std::vector<std::filesystem::path> retrieveSeries(const std::string& studyInstanceUid,
                                                    const std::string& seriesInstanceUid,
                                                    const std::filesystem::path& folder,
                                                    const RetrieveProgress& progress) override;
  /// The series' middle instance (by instance number), fetched with C-GET and rendered here.
  QByteArray seriesThumbnail(const std::string& studyInstanceUid,
                             const std::string& seriesInstanceUid) override;
  void store(const std::vector<std::filesystem::path>& files) override;

 private:
  PacsSettings m_settings;
};

}  // namespace anomadiff
