#include "pacs/MultipartProgress.h"

#include "pacs/MultipartRelated.h"

#include <algorithm>

namespace anomadiff {

MultipartProgress::MultipartProgress(const QString& contentType) {
  try {
    m_delimiter = "\r\n--" + MultipartRelated::boundary(contentType);
  } catch (const std::exception&) {
    m_delimiter.clear();
  }
}

int MultipartProgress::completedParts(const QByteArray& bodySoFar) {
  if (m_delimiter.isEmpty()) return 0;
  if (!m_startChecked) {
    if (bodySoFar.size() < m_delimiter.size() - 2) return 0;
    m_startChecked = true;
    // The opening delimiter at the very start has no CR LF before it.
    if (bodySoFar.startsWith(m_delimiter.mid(2))) ++m_delimiters;
  }
  // A delimiter may straddle two pieces: rescan the tail that could hold its start.
  qsizetype at = std::max<qsizetype>(m_scanned - (m_delimiter.size() - 1), 0);
  while ((at = bodySoFar.indexOf(m_delimiter, at)) >= 0) {
    ++m_delimiters;
    at += m_delimiter.size();
    m_scanned = at;
  }
  m_scanned = std::max(m_scanned, bodySoFar.size());
  // The first delimiter opens part 1; each later one (the closing one too) ends a part.
  return std::max(m_delimiters - 1, 0);
}

}  // namespace anomadiff
