#pragma once

#include "pacs/PacsRecords.h"
#include "pacs/PacsSettings.h"

#include <QByteArray>

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace anomadiff {

/// Told as a series comes in, on a thread of the retrieve (for C-MOVE our storage SCP's): the
/// instances received so far and how many the PACS announced (0 while it has not said: DICOMweb
/// never does, DIMSE with its first pending C-GET / C-MOVE answer).
using RetrieveProgress = std::function<void(int received, int expected)>;

/// What the app asks of a PACS, whichever protocol it speaks (DicomWebConnection,
/// DimseConnection). Every call is bounded by the settings' timeout and throws IoError with one
/// line naming the server (without credentials), the operation and what went wrong.
class PacsConnection {
 public:
  virtual ~PacsConnection() = default;

  /// Verifies the server answers (C-ECHO; for DICOMweb a QIDO-RS request of one study).
  virtual void echo() = 0;
  virtual std::vector<PacsStudy> findStudies(const PacsQuery& query) = 0;
  virtual std::vector<PacsSeries> findSeries(const std::string& studyInstanceUid) = 0;
  /// The study that holds a series; throws IoError when the PACS has no such series.
  virtual std::string studyOfSeries(const std::string& seriesInstanceUid) = 0;
  /// Retrieves every instance of a series into the new folder `folder` (atomically: a failed
  /// retrieve leaves no folder), telling `progress` (may be empty) after each instance.
  /// Returns the files written.
  virtual std::vector<std::filesystem::path> retrieveSeries(const std::string& studyInstanceUid,
                                                            const std::string& seriesInstanceUid,
                                                            const std::filesystem::path& folder,
                                                            const RetrieveProgress& progress) = 0;
  /// A small picture of the series for a study browser (bytes QImage reads: PNG, JPEG, PGM);
  /// empty when the server has none to give. Never throws for that: a browser lists without.
  virtual QByteArray seriesThumbnail(const std::string& studyInstanceUid,
                                     const std::string& seriesInstanceUid) = 0;
  /// Stores DICOM files. Every file is read and checked first, so a bad file stores nothing;
  /// throws IoError naming the files the PACS refused.
  virtual void store(const std::vector<std::filesystem::path>& files) = 0;

  /// The connection the settings describe.
  static std::unique_ptr<PacsConnection> open(const PacsSettings& settings);
};

}  // namespace anomadiff
