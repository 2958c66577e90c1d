#include "sweep/SweepValueList.h"

#include "common/Error.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {

namespace {

[[noreturn]] void refuse(const QString& axisName, const QString& problem) {
  throw InvalidArgument(QStringLiteral("%1: %2").arg(axisName, problem).toStdString());
}

}  // namespace

std::vector<double> SweepValueList::parseNumbers(const QString& text, const QString& axisName) {
  static const QRegularExpression kSeparators(QStringLiteral("[,;\\s]+"));
  const QStringList tokens = text.split(kSeparators, Qt::SkipEmptyParts);
  if (tokens.isEmpty()) refuse(axisName, QStringLiteral("enter at least one value"));
  if (tokens.size() > kMaxValues) {
    refuse(axisName, QStringLiteral("%1 values, at most %2").arg(tokens.size()).arg(kMaxValues));
  }
  std::vector<double> values;
  for (const QString& token : tokens) {
    bool ok = false;
    const double value = token.toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
      refuse(axisName, QStringLiteral("'%1' is not a number").arg(token));
    }
    // Equal values would be two cells of the same run, and the grid could outline only one.
    if (std::find(values.begin(), values.end(), value) != values.end()) {
      refuse(axisName, QStringLiteral("%1 appears twice").arg(token));
    }
    values.push_back(value);
  }
  return values;
}

std::vector<int> SweepValueList::parseLevels(const QString& text, const QString& axisName) {
  std::vector<int> levels;
  for (const double value : parseNumbers(text, axisName)) {
    if (std::floor(value) != value || std::abs(value) > 1e9) {
      refuse(axisName, QStringLiteral("%1 is not a whole number").arg(value));
    }
    levels.push_back(static_cast<int>(value));
  }
  return levels;
}

std::vector<double> SweepValueList::parseScales(const QString& text, const QString& axisName) {
  return parseNumbers(text, axisName);
}

QString SweepValueList::format(const std::vector<int>& values) {
  QStringList parts;
  for (const int value : values) parts << QString::number(value);
  return parts.join(QStringLiteral(", "));
}

QString SweepValueList::format(const std::vector<double>& values) {
  QStringList parts;
  for (const double value : values) parts << QString::number(value, 'g', 6);
  return parts.join(QStringLiteral(", "));
}

}  // namespace anomadiff::gui
