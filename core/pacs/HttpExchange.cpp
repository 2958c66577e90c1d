#include "pacs/HttpExchange.h"

#include "common/Error.h"
#include "pacs/TlsFiles.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace anomadiff {
namespace {

/// Qt Network needs an application object for its event loop. The CLI has none of its own; one
/// made here lives only for the exchange, because a later PDF report needs a QGuiApplication and
/// Qt allows one application at a time.
struct ApplicationScope {
  int argc = 1;
  char name[16] = "anomadiff-cli";
  char* argv[2] = {name, nullptr};
  std::unique_ptr<QCoreApplication> application;

  ApplicationScope() {
    if (QCoreApplication::instance() == nullptr) {
      application = std::make_unique<QCoreApplication>(argc, argv);
    }
  }
};

std::string reasonOf(const QNetworkReply& reply, int status) {
  const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
  return std::to_string(status) + (reason.isEmpty() ? "" : " " + reason.toStdString());
}

}  // namespace

HttpExchange::Answer HttpExchange::send(const QString& what, QNetworkRequest request,
                                        const QByteArray& body, const QString& contentType) const {
  return exchange(what, std::move(request), body, contentType, {});
}

HttpExchange::Answer HttpExchange::receive(const QString& what, QNetworkRequest request,
                                           const BodyObserver& observer) const {
  return exchange(what, std::move(request), {}, {}, observer);
}

HttpExchange::Answer HttpExchange::exchange(const QString& what, QNetworkRequest request,
                                            const QByteArray& body, const QString& contentType,
                                            const BodyObserver& observer) const {
  const ApplicationScope scope;
  if (!m_settings.user.empty()) {
    const QByteArray credentials =
        QByteArray::fromStdString(m_settings.user + ":" + m_settings.password);
    request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
  }
  if (request.url().scheme() == "https") {
    request.setSslConfiguration(TlsFiles::sslConfiguration(m_settings));
  }
  const int timeoutSeconds = m_settings.timeoutSeconds;
  request.setTransferTimeout(timeoutSeconds * 1000);
  QNetworkAccessManager network;
  std::unique_ptr<QNetworkReply> reply;
  if (contentType.isEmpty()) {
    reply.reset(network.get(request));
  } else {
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    reply.reset(network.post(request, body));
  }
  Answer answer;
  QEventLoop loop;
  QTimer silence;  // restarted by every arriving piece: it bounds silence, not a long download
  silence.setSingleShot(true);
  QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
  QObject::connect(&silence, &QTimer::timeout, &loop, &QEventLoop::quit);
  QObject::connect(reply.get(), &QNetworkReply::readyRead, &loop, [&] {
    silence.start();
    answer.body += reply->readAll();
    if (observer)
      observer(answer.body, reply->header(QNetworkRequest::ContentTypeHeader).toString());
  });
  QObject::connect(reply.get(), &QNetworkReply::uploadProgress, &loop, [&] { silence.start(); });
  silence.start(timeoutSeconds * 1000);
  loop.exec();
  const std::string prefix = m_settings.serverName() + ": " + what.toStdString() + " ";
  if (!reply->isFinished() || reply->error() == QNetworkReply::OperationCanceledError ||
      reply->error() == QNetworkReply::TimeoutError) {
    reply->abort();
    throw IoError(prefix + "got no answer within " + std::to_string(timeoutSeconds) + " s");
  }
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  if (status == 0) {
    throw IoError(prefix + "failed: " + reply->errorString().toStdString());
  }
  if (status < 200 || status > 299) {
    throw IoError(prefix + "was refused: HTTP " + reasonOf(*reply, status));
  }
  answer.status = status;
  answer.body += reply->readAll();
  answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
  return answer;
}

}  // namespace anomadiff
