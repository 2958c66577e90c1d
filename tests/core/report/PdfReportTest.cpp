// The PDF report the way the CLI makes it: no application object and no display. PDF streams are
// compressed, so the checks read the uncompressed structure — page objects, image XObjects and
// the Info dictionary whose title carries the research-use notice.
#include "TestFolder.h"
#include "common/Error.h"
#include "report/PdfReport.h"
#include "report/PngEncoder.h"

#include <QtTest>

#include <vector>

using namespace anomadiff;

namespace {

FindingsDocument findings(std::size_t boxCount) {
  FindingsDocument document;
  for (std::size_t i = 0; i < boxCount; ++i) {
    BoundingBox box;
    box.id = static_cast<int>(i + 1);
    box.width = box.height = box.depth = 3;
    box.score = 0.5;
    document.boxes.push_back(box);
  }
  document.threshold = 0.125;
  document.thresholdSource = "calibrated-5%-fpr";
  document.provenance.appVersion = "9.8.7";
  document.provenance.method = "ddpm";
  document.provenance.modelHash = std::string(64, 'f');
  document.provenance.parameters = {{"noise-level", 100}, {"seed", 42}};
  document.provenance.input = "scan(1).nii.gz";
  return document;
}

/// A wide stripe figure like the overlay: wider than the page, so the report must scale it.
ReportFigure figure(const std::string& name, int width) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * 100 * 3);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i % 251);
  return {name, PngEncoder::encodeBgr(pixels.data(), width, 100, width * 3u)};
}

int count(const std::string& text, const std::string& what) {
  int found = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++found;
  return found;
}

/// "/Type /Page" objects, not the "/Type /Pages" tree.
int pageCount(const std::string& pdf) {
  return count(pdf, "/Type /Page") - count(pdf, "/Type /Pages");
}

/// How Qt writes Info strings: UTF-16BE in a PDF literal, whose parentheses and backslashes are
/// escaped byte by byte.
std::string pdfText(const std::string& ascii) {
  std::string wide;
  for (const char c : ascii) {
    wide += '\0';
    if (c == '(' || c == ')' || c == '\\') wide += '\\';
    wide += c;
  }
  return wide;
}

void verifyPdfFrame(const std::string& pdf) {
  QVERIFY(pdf.rfind("%PDF-", 0) == 0);
  QVERIFY(pdf.find_last_not_of("\r\n") != std::string::npos);
  QCOMPARE(pdf.substr(pdf.find_last_not_of("\r\n") - 4, 5), std::string("%%EOF"));
}

}  // namespace

class PdfReportTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void onePageWithTheFigureEmbeddedAndTheNoticeInTheTitle() {
    const auto document = findings(3);
    const std::string pdf = PdfReport().pdf(document, {figure("overlay.png", 1200)});
    verifyPdfFrame(pdf);
    QCOMPARE(pageCount(pdf), 1);
    QCOMPARE(count(pdf, "/Subtype /Image"), 1);
    QVERIFY(pdf.find("/DCTDecode") == std::string::npos);  // lossless: no JPEG blur on voxels
    QVERIFY(PdfReport::title(document).find("research use only") != std::string::npos);
    QVERIFY(pdf.find(pdfText(PdfReport::title(document))) != std::string::npos);
    QVERIFY(pdf.find(pdfText("AnomaDiff 9.8.7")) != std::string::npos);  // the creator
    QVERIFY(pdf.find("/MediaBox [0 0 595") != std::string::npos);        // A4: 595 × 842 pt
    // The private application ends with the export: a later QCoreApplication stays possible.
    QVERIFY(QCoreApplication::instance() == nullptr);
  }

  void everyFigureEmbeddedAndLongTablesPaginate() {
    const std::string pdf = PdfReport().pdf(
        findings(150), {figure("overlay_z3.png", 900), figure("overlay_z7.png", 400)});
    verifyPdfFrame(pdf);
    QCOMPARE(count(pdf, "/Subtype /Image"), 2);
    QVERIFY2(pageCount(pdf) >= 3, qPrintable(QString::number(pageCount(pdf))));
    const std::string none = PdfReport().pdf(findings(0), {});
    QCOMPARE(count(none, "/Subtype /Image"), 0);
    QCOMPARE(pageCount(none), 1);
  }

  void ignoresADisplayPlatformWithoutDisplay() {
    // An inherited xcb setting without X would make a plain QGuiApplication abort the process.
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM"), display = qgetenv("DISPLAY");
    qputenv("QT_QPA_PLATFORM", "xcb");
    qunsetenv("DISPLAY");
    const std::string pdf = PdfReport().pdf(findings(1), {figure("overlay.png", 300)});
    qputenv("QT_QPA_PLATFORM", platform);
    if (!display.isEmpty()) qputenv("DISPLAY", display);
    QCOMPARE(pageCount(pdf), 1);
  }

  void writesAtomicallyAndRefusesBrokenFigures() {
    test::TestFolder folder;
    PdfReport().write(findings(2), {figure("overlay.png", 300)}, folder / "report.pdf");
    QFile file(QString::fromStdString((folder / "report.pdf").string()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("%PDF-"));
    QVERIFY_THROWS_EXCEPTION(IoError, PdfReport().write(findings(2), {{"overlay.png", "not a png"}},
                                                        folder / "broken.pdf"));
    QVERIFY(!std::filesystem::exists(folder / "broken.pdf"));
    QCOMPARE(std::distance(std::filesystem::directory_iterator(folder.path()), {}), 1);
  }
};

QTEST_APPLESS_MAIN(PdfReportTest)
#include "PdfReportTest.moc"
