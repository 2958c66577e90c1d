#include "window/ModelCardSummary.h"

#include "common/Error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace anomadiff::gui {
namespace {

/// Lines of the card before its first "## " section: title and use notice.
constexpr int kCardLines = 6;

QJsonObject description(const QString& folder) {
  QFile file(QDir(folder).filePath(QStringLiteral("model.json")));
  if (!file.open(QIODevice::ReadOnly)) {
    throw IoError("'" + folder.toStdString() + "' is not a model bundle: it has no model.json");
  }
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
  if (!document.isObject()) {
    throw IoError("model.json of '" + folder.toStdString() +
                  "' is not valid JSON: " + error.errorString().toStdString());
  }
  return document.object();
}

QString cardHead(const QString& folder) {
  QFile file(QDir(folder).filePath(QStringLiteral("MODEL_CARD.md")));
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
  QStringList lines;
  while (!file.atEnd() && lines.size() < kCardLines) {
    const QString line = QString::fromUtf8(file.readLine()).trimmed();
    if (line.startsWith(QStringLiteral("## "))) break;
    if (!line.isEmpty()) lines << line;
  }
  return lines.join('\n');
}

/// One line per trained network, with the image side it works at (its entry's own resolution,
/// else the bundle's input resolution: a healthy denoiser may differ from the rest).
QString networks(const QJsonObject& model) {
  const QJsonObject training = model.value("training").toObject();
  const int shared = model.value("input").toObject().value("resolution").toInt();
  QStringList lines;
  for (auto slot = training.begin(); slot != training.end(); ++slot) {
    const QJsonObject entry = slot.value().toObject();
    lines << QObject::tr("  %1: %2 px, %3 steps, final loss %4")
                 .arg(slot.key())
                 .arg(model.value(slot.key()).toObject().value("resolution").toInt(shared))
                 .arg(entry.value("steps").toInt())
                 .arg(entry.value("final_loss").toDouble(), 0, 'g', 3);
  }
  return lines.join('\n');
}

QString templateLine(const QJsonObject& scanTemplate) {
  if (scanTemplate.isEmpty()) return QObject::tr("none (volumes are not registered)");
  QStringList atlases;
  for (const auto& atlas : scanTemplate.value("atlases").toArray()) {
    atlases << atlas.toObject().value("name").toString();
  }
  return scanTemplate.value("name").toString() +
         (atlases.isEmpty() ? QString() : QObject::tr("; atlases: %1").arg(atlases.join(", ")));
}

}  // namespace

QString ModelCardSummary::of(const QString& folder) {
  const QJsonObject model = description(folder);
  const QJsonObject input = model.value("input").toObject();
  QStringList lines;
  lines << QObject::tr("Model %1 (%2) from %3")
               .arg(model.value("name").toString(), model.value("modality").toString(), folder);
  lines << QObject::tr("Input: %1 px %2 slices, orientation %3")
               .arg(input.value("resolution").toInt())
               .arg(input.value("plane").toString(), input.value("orientation").toString("—"));
  lines << QObject::tr("Networks:") << networks(model);
  lines << QObject::tr("Default method: %1").arg(model.value("default_method").toString("ddpm"));
  lines
      << QObject::tr("Calibrated: %1").arg(model.value("calibration").toObject().keys().join(", "));
  lines << QObject::tr("Template: %1").arg(templateLine(model.value("template").toObject()));
  const QString card = cardHead(folder);
  if (!card.isEmpty()) lines << QString() << card;
  return lines.join('\n');
}

}  // namespace anomadiff::gui
