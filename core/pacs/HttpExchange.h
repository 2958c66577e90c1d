#pragma once

#include "pacs/PacsSettings.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>

#include <functional>
#include <string>

namespace anomadiff {

/// One blocking HTTP request with Qt Network, bounded in time: the DICOMweb calls are short
/// request/answer exchanges and their callers (the CLI, a GUI job thread) wait for the answer.
/// Runs its own event loop, so it works from any thread that has none running.
class HttpExchange {
 public:
  struct Answer {
    int status = 0;
    QByteArray body;
    QString contentType;
  };

  /// Errors name the server by `settings.serverName()` (no credentials); a user adds basic
  /// auth; https uses the settings' trusted certificates (TlsFiles).
  explicit HttpExchange(PacsSettings settings) : m_settings(std::move(settings)) {}

  /// Told each time more of the answer's body arrives: the body so far and its Content-Type.
  using BodyObserver = std::function<void(const QByteArray& bodySoFar, const QString& type)>;

  /// GET (empty `body` and `contentType`) or POST. `what` names the operation in errors
  /// ("QIDO-RS study search"). Throws IoError when the server cannot be reached, stays silent
  /// longer than the timeout (a long answer that keeps coming is fine) or answers with a status
  /// outside 200–299 (the status and its reason in the message).
  Answer send(const QString& what, QNetworkRequest request, const QByteArray& body = {},
              const QString& contentType = {}) const;
  /// GET, telling `observer` as the answer comes in (a series retrieve's progress).
  Answer receive(const QString& what, QNetworkRequest request, const BodyObserver& observer) const;

 private:
  Answer exchange(const QString& what, QNetworkRequest request, const QByteArray& body,
                  const QString& contentType, const BodyObserver& observer) const;

  PacsSettings m_settings;
};

}  // namespace anomadiff
