#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace anomadiff {

/// multipart/related bodies (RFC 2387) as DICOMweb uses them: WADO-RS answers a series as one
/// part per instance, STOW-RS takes the instances to store the same way.
class MultipartRelated {
 public:
  /// The parts of `body`, whose Content-Type header is `contentType` (it names the boundary).
  /// Throws IoError when the content type has no boundary or the body holds no closed part.
  static std::vector<QByteArray> parts(const QByteArray& body, const QString& contentType);
  /// A body of `parts`, each typed `partType`, with a boundary that occurs in none of them.
  /// Returns the body and sets `contentType` to the header value to send it with.
  /// The boundary a multipart Content-Type names; throws IoError when it names none.
  static QByteArray boundary(const QString& contentType);
  static QByteArray build(const std::vector<QByteArray>& parts, const QString& partType,
                          QString& contentType);
};

}  // namespace anomadiff
