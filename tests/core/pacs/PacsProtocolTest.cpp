// The pieces of the PACS layer that need no server: multipart/related bodies (WADO-RS answers,
// STOW-RS requests), the server's name without credentials, the checks before a store.
#include "TestFolder.h"
#include "common/Error.h"
#include "pacs/DicomFileCheck.h"
#include "pacs/MultipartProgress.h"
#include "pacs/MultipartRelated.h"
#include "pacs/PacsConnection.h"
#include "pacs/PacsSettings.h"

#include <QtTest>

#include <algorithm>
#include <fstream>

using namespace anomadiff;

class PacsProtocolTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void multipartRoundTripKeepsBinaryParts() {
    // Parts holding CR LF, dashes and a would-be delimiter must come back byte for byte.
    const std::vector<QByteArray> parts = {QByteArray("\r\n--abc\r\n\0\1\2", 12),
                                           QByteArray(1000, '\xff'), QByteArray("x")};
    QString contentType;
    const QByteArray body = MultipartRelated::build(parts, "application/dicom", contentType);
    QVERIFY(contentType.startsWith("multipart/related; type=\"application/dicom\"; boundary="));
    QCOMPARE(MultipartRelated::parts(body, contentType), parts);
  }

  void parsesAServersBodyWithQuotedBoundaryAndPartHeaders() {
    const QByteArray body =
        "preamble\r\n--b1\r\nContent-Type: application/dicom\r\nContent-Length: 3\r\n\r\nabc"
        "\r\n--b1\r\nContent-Type: application/dicom\r\n\r\nde\r\n--b1--\r\n";
    const auto parts = MultipartRelated::parts(body,
                                               "multipart/related; type=\"application/dicom\"; "
                                               "boundary=\"b1\"");
    QCOMPARE(parts.size(), std::size_t{2});
    QCOMPARE(parts[0], QByteArray("abc"));
    QCOMPARE(parts[1], QByteArray("de"));
  }

  void refusesACutOffBodyAndAMissingBoundary() {
    QVERIFY_THROWS_EXCEPTION(
        IoError, MultipartRelated::parts("--b1\r\n\r\nabc", "multipart/related; boundary=b1"));
    QVERIFY_THROWS_EXCEPTION(IoError, MultipartRelated::parts("abc", "application/dicom"));
  }

  void progressCountsPartsHoweverTheAnswerIsCut() {
    // Parts that hold CR LF and dashes; the answer arrives in pieces of 1, 7 and 64 bytes, and
    // whole: the count must rise only when a part's closing delimiter is complete.
    const std::vector<QByteArray> parts = {QByteArray("\r\n--\r\n", 6), QByteArray(300, 'a'),
                                           QByteArray("tail")};
    QString contentType;
    const QByteArray body = MultipartRelated::build(parts, "application/dicom", contentType);
    const QByteArray delimiter = "\r\n--" + MultipartRelated::boundary(contentType);
    std::vector<qsizetype> partEnds;  // where each part's closing delimiter is complete
    for (qsizetype at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, at + 1)) {
      partEnds.push_back(at + delimiter.size());
    }
    QCOMPARE(partEnds.size(), parts.size());
    for (const qsizetype piece : {qsizetype(1), qsizetype(7), qsizetype(64), body.size()}) {
      MultipartProgress progress(contentType);
      for (qsizetype end = std::min(piece, body.size());;
           end = std::min(end + piece, body.size())) {
        const auto expected = std::count_if(partEnds.begin(), partEnds.end(),
                                            [end](qsizetype partEnd) { return partEnd <= end; });
        QCOMPARE(progress.completedParts(body.left(end)), int(expected));
        if (end == body.size()) break;
      }
    }
  }

  void progressSkipsAPreambleAndCountsNothingWithoutABoundary() {
    const QByteArray body = "preamble --b1 text\r\n--b1\r\n\r\nabc\r\n--b1\r\n\r\nd\r\n--b1--";
    MultipartProgress progress("multipart/related; boundary=\"b1\"");
    QCOMPARE(progress.completedParts(body), 2);
    MultipartProgress none("application/dicom");
    QCOMPARE(none.completedParts(body), 0);
  }

  void serverNameNeverCarriesCredentials() {
    PacsSettings web;
    web.dicomWebUrl = "https://reader:s3cret@pacs.example.org:8443/dicom-web";
    web.password = "other";
    QCOMPARE(web.serverName(), std::string("DICOMweb https://pacs.example.org:8443/dicom-web"));
    PacsSettings dimse;
    dimse.calledAeTitle = "PACS";
    dimse.host = "pacs";
    dimse.port = 11112;
    QCOMPARE(dimse.serverName(), std::string("DIMSE PACS@pacs:11112"));
    QVERIFY(!dimse.usesTls());
    dimse.dimseTls = true;
    QCOMPARE(dimse.serverName(), std::string("DIMSE-TLS PACS@pacs:11112"));
    QVERIFY(dimse.usesTls());
    QVERIFY(web.usesTls());
  }

  void openRefusesIncompleteSettings() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, PacsConnection::open(PacsSettings{}));
    PacsSettings ftp;
    ftp.dicomWebUrl = "ftp://pacs/dicom-web";
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, PacsConnection::open(ftp));
    PacsSettings noTime;
    noTime.dicomWebUrl = "http://pacs/dicom-web";
    noTime.timeoutSeconds = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, PacsConnection::open(noTime));
  }

  void aStoreChecksEveryFileFirst() {
    test::TestFolder folder;
    std::ofstream(folder / "text.dcm") << "not DICOM";
    try {
      DicomFileCheck::readDicom(folder / "text.dcm");
      QFAIL("a text file passed as DICOM");
    } catch (const IoError& error) {
      QVERIFY2(QString(error.what()).contains("text.dcm"), error.what());
    }
    QVERIFY_THROWS_EXCEPTION(IoError, DicomFileCheck::readDicom(folder / "absent.dcm"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, DicomFileCheck::requireNewFolder(folder.path()));
  }
};

QTEST_GUILESS_MAIN(PacsProtocolTest)
#include "PacsProtocolTest.moc"
