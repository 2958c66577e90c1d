#include "pacs/MultipartRelated.h"

#include "common/Error.h"

#include <QRandomGenerator>
#include <QRegularExpression>

namespace anomadiff {
namespace {}  // namespace

QByteArray MultipartRelated::boundary(const QString& contentType) {
  static const QRegularExpression kBoundary(R"re(boundary\s*=\s*"?([^";]+)"?)re",
                                            QRegularExpression::CaseInsensitiveOption);
  const auto match = kBoundary.match(contentType);
  if (!match.hasMatch()) {
    throw IoError("the answer is not multipart: Content-Type '" + contentType.toStdString() +
                  "' names no boundary");
  }
  return match.captured(1).toUtf8();
}

namespace {

/// The part's content after its header lines (ended by an empty line).
QByteArray contentOf(const QByteArray& part) {
  const qsizetype end = part.indexOf("\r\n\r\n");
  if (end < 0) throw IoError("a multipart part has no header end");
  return part.mid(end + 4);
}

}  // namespace

std::vector<QByteArray> MultipartRelated::parts(const QByteArray& body,
                                                const QString& contentType) {
  const QByteArray delimiter = "--" + boundary(contentType);
  std::vector<QByteArray> parts;
  qsizetype at = body.indexOf(delimiter);
  while (at >= 0) {
    qsizetype start = at + delimiter.size();
    if (body.mid(start, 2) == "--") break;  // the closing delimiter
    if (body.mid(start, 2) == "\r\n") start += 2;
    const qsizetype next = body.indexOf("\r\n" + delimiter, start);
    if (next < 0) throw IoError("the multipart answer is cut off (no closing boundary)");
    parts.push_back(contentOf(body.mid(start, next - start)));
    at = next + 2;
  }
  return parts;
}

QByteArray MultipartRelated::build(const std::vector<QByteArray>& parts, const QString& partType,
                                   QString& contentType) {
  QByteArray boundary;
  const auto occurs = [&](const QByteArray& candidate) {
    for (const auto& part : parts) {
      if (part.contains(candidate)) return true;
    }
    return false;
  };
  do {
    boundary = "anomadiff-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
  } while (occurs(boundary));
  QByteArray body;
  for (const auto& part : parts) {
    body += "--" + boundary + "\r\nContent-Type: " + partType.toUtf8() + "\r\n\r\n" + part + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  contentType = QString("multipart/related; type=\"%1\"; boundary=%2")
                    .arg(partType, QString::fromUtf8(boundary));
  return body;
}

}  // namespace anomadiff
