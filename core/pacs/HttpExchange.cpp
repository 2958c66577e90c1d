#include "pacs/HttpExchange.h"

#include "common/Error.h"

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
  const ApplicationScope scope;
  if (!m_user.empty()) {
    const QByteArray credentials = QByteArray::fromStdString(m_user + ":" + m_password);
    request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
  }
  request.setTransferTimeout(m_timeoutSeconds * 1000);
  QNetworkAccessManager network;
  std::unique_ptr<QNetworkReply> reply;
  if (contentType.isEmpty()) {
    reply.reset(network.get(request));
  } else {
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    reply.reset(network.post(request, body));
  }
  QEventLoop loop;
  QTimer deadline;
  deadline.setSingleShot(true);
  QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
  QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
  deadline.start(m_timeoutSeconds * 1000);
  loop.exec();
  const std::string prefix = m_server + ": " + what.toStdString() + " ";
  if (!reply->isFinished() || reply->error() == QNetworkReply::OperationCanceledError ||
      reply->error() == QNetworkReply::TimeoutError) {
    reply->abort();
    throw IoError(prefix + "got no answer within " + std::to_string(m_timeoutSeconds) + " s");
  }
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  if (status == 0) {
    throw IoError(prefix + "failed: " + reply->errorString().toStdString());
  }
  if (status < 200 || status > 299) {
    throw IoError(prefix + "was refused: HTTP " + reasonOf(*reply, status));
  }
  return {status, reply->readAll(), reply->header(QNetworkRequest::ContentTypeHeader).toString()};
}

}  // namespace anomadiff
