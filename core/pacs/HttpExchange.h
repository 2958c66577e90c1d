#pragma once

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>

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

  /// `server` names the server in errors (no credentials); `user`/`password` add basic auth.
  HttpExchange(std::string server, std::string user, std::string password, int timeoutSeconds)
      : m_server(std::move(server)),
        m_user(std::move(user)),
        m_password(std::move(password)),
        m_timeoutSeconds(timeoutSeconds) {}

  /// GET (empty `body` and `contentType`) or POST. `what` names the operation in errors
  /// ("QIDO-RS study search"). Throws IoError when the server cannot be reached, does not answer
  /// in time or answers with a status outside 200–299 (the status and its reason in the
  /// message).
  Answer send(const QString& what, QNetworkRequest request, const QByteArray& body = {},
              const QString& contentType = {}) const;

 private:
  std::string m_server;
  std::string m_user;
  std::string m_password;
  int m_timeoutSeconds;
};

}  // namespace anomadiff
