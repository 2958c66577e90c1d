#pragma once
// Image regression against stored frames (as f3d tests its renderings): tests/baselines/<name>.png.

#include <QDir>
#include <QImage>
#include <QString>

#include <algorithm>
#include <cstdlib>

namespace anomadiff::test {

/// Where a failed comparison leaves the actual frame and the difference, for a look.
inline QString baselineOutputFolder() {
  const QString folder = QDir::temp().filePath("anomadiff-baselines");
  QDir().mkpath(folder);
  return folder;
}

/// Compares `actual` with tests/baselines/<name>.png: same size, and at most `maxShare` of the
/// pixels differ by more than `tolerance` (0-255) in a channel — room for the last bits of
/// font hinting or GL rounding, none for a moved box or a lost overlay. Returns "" when they
/// match, else what differs and where the actual and difference images were written. With
/// ANOMADIFF_UPDATE_BASELINES=1 it writes the baseline instead (review it before committing).
inline QString compareWithBaseline(const QImage& actual, const QString& name, int tolerance = 24,
                                   double maxShare = 0.002) {
  const QString baseline = QStringLiteral(ANOMADIFF_SOURCE_DIR "/tests/baselines/%1.png").arg(name);
  const QImage frame = actual.convertToFormat(QImage::Format_RGB32);
  if (qEnvironmentVariableIntValue("ANOMADIFF_UPDATE_BASELINES") == 1) {
    return frame.save(baseline) ? QString() : QStringLiteral("cannot write ") + baseline;
  }
  const QString actualPath = QDir(baselineOutputFolder()).filePath(name + "-actual.png");
  frame.save(actualPath);
  const QImage expected = QImage(baseline).convertToFormat(QImage::Format_RGB32);
  if (expected.isNull()) {
    return QStringLiteral(
               "no baseline %1 (actual frame: %2; ANOMADIFF_UPDATE_BASELINES=1 "
               "writes it)")
        .arg(baseline, actualPath);
  }
  if (expected.size() != frame.size()) {
    return QStringLiteral("%1: %2x%3 against the baseline's %4x%5 (actual: %6)")
        .arg(name)
        .arg(frame.width())
        .arg(frame.height())
        .arg(expected.width())
        .arg(expected.height())
        .arg(actualPath);
  }
  QImage difference(frame.size(), QImage::Format_RGB32);
  qsizetype differing = 0;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.width(); ++x) {
      const QRgb a = frame.pixel(x, y), b = expected.pixel(x, y);
      const int delta = std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                                  std::abs(qBlue(a) - qBlue(b))});
      differing += delta > tolerance ? 1 : 0;
      difference.setPixel(x, y, delta > tolerance ? qRgb(255, 0, 255) : qRgb(delta, delta, delta));
    }
  }
  const double share = double(differing) / double(frame.width() * frame.height());
  if (share <= maxShare) return {};
  const QString differencePath = QDir(baselineOutputFolder()).filePath(name + "-difference.png");
  difference.save(differencePath);
  return QStringLiteral(
             "%1: %2 % of the pixels differ by more than %3 (allowed %4 %); actual %5, "
             "difference %6")
      .arg(name)
      .arg(100.0 * share, 0, 'f', 2)
      .arg(tolerance)
      .arg(100.0 * maxShare, 0, 'f', 2)
      .arg(actualPath, differencePath);
}

}  // namespace anomadiff::test
