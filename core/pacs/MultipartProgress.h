#pragma once

#include <QByteArray>
#include <QString>

namespace anomadiff {

/// Counts the parts of a multipart/related answer that have arrived completely while it is
/// still coming in (a WADO-RS series: one part per instance), without parsing it: a part is
/// complete once the delimiter after it is there. Scans each byte once however the answer is
/// cut into pieces, so a large series costs no more than reading it.
class MultipartProgress {
 public:
  /// `contentType` names the boundary; a type without one counts nothing (the parse after the
  /// download reports it).
  explicit MultipartProgress(const QString& contentType);

  /// The parts completed in `bodySoFar`, the answer received so far (each call a longer prefix
  /// of the same answer).
  int completedParts(const QByteArray& bodySoFar);

 private:
  QByteArray m_delimiter;   ///< CR LF "--" boundary: what ends a part
  qsizetype m_scanned = 0;  ///< bytes searched so far
  bool m_startChecked = false;
  int m_delimiters = 0;
};

}  // namespace anomadiff
