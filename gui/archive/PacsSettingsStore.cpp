#include "archive/PacsSettingsStore.h"

#include <QSettings>

namespace anomadiff::gui {
namespace {

/// The session's password: not in QSettings.
std::string& sessionPassword() {
  static std::string password;
  return password;
}

QString text(const std::string& value) {
  return QString::fromStdString(value);
}

}  // namespace

PacsSettings PacsSettingsStore::load() {
  QSettings stored;
  stored.beginGroup("pacs");
  PacsSettings settings;
  settings.dicomWebUrl = stored.value("dicomWebUrl").toString().toStdString();
  settings.user = stored.value("user").toString().toStdString();
  settings.callingAeTitle =
      stored.value("callingAeTitle", text(settings.callingAeTitle)).toString().toStdString();
  settings.calledAeTitle = stored.value("calledAeTitle").toString().toStdString();
  settings.host = stored.value("host").toString().toStdString();
  settings.port = stored.value("port", settings.port).toInt();
  settings.timeoutSeconds = stored.value("timeoutSeconds", settings.timeoutSeconds).toInt();
  settings.dimseTls = stored.value("dimseTls", false).toBool();
  settings.dimseRetrieve = stored.value("dimseRetrieve").toString() == "C-MOVE"
                               ? PacsSettings::DimseRetrieve::Move
                               : PacsSettings::DimseRetrieve::Get;
  settings.movePort = stored.value("movePort", settings.movePort).toInt();
  settings.trustedCertificates = stored.value("trustedCertificates").toString().toStdString();
  settings.clientCertificate = stored.value("clientCertificate").toString().toStdString();
  settings.clientKey = stored.value("clientKey").toString().toStdString();
  settings.password = sessionPassword();
  return settings;
}

void PacsSettingsStore::save(const PacsSettings& settings) {
  QSettings stored;
  stored.beginGroup("pacs");
  stored.setValue("dicomWebUrl", text(settings.dicomWebUrl));
  stored.setValue("user", text(settings.user));
  stored.setValue("callingAeTitle", text(settings.callingAeTitle));
  stored.setValue("calledAeTitle", text(settings.calledAeTitle));
  stored.setValue("host", text(settings.host));
  stored.setValue("port", settings.port);
  stored.setValue("timeoutSeconds", settings.timeoutSeconds);
  stored.setValue("dimseTls", settings.dimseTls);
  stored.setValue("dimseRetrieve",
                  settings.dimseRetrieve == PacsSettings::DimseRetrieve::Move ? "C-MOVE" : "C-GET");
  stored.setValue("movePort", settings.movePort);
  stored.setValue("trustedCertificates", text(settings.trustedCertificates));
  stored.setValue("clientCertificate", text(settings.clientCertificate));
  stored.setValue("clientKey", text(settings.clientKey));
  stored.remove("password");  // an older build must not have left one behind
  sessionPassword() = settings.password;
}

bool PacsSettingsStore::configured(const PacsSettings& settings) {
  return settings.usesDicomWeb() || (!settings.host.empty() && !settings.calledAeTitle.empty());
}

}  // namespace anomadiff::gui
