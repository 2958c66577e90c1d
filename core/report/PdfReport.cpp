#include "report/PdfReport.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "report/GuiApplicationScope.h"
#include "report/HtmlReport.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QScreen>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>

namespace anomadiff {
namespace {

constexpr int kResolution = 300;
constexpr double kMarginMm = 15.0;
constexpr double kFooterPt = 7.5;

/// The subset of CSS QTextDocument understands; the HTML report's screen styles (max-width,
/// margins in em) mean nothing on paper.
constexpr const char* kStyle =
    "body{font-family:sans-serif;font-size:9pt;color:#222}"
    "h1{font-size:15pt}h2{font-size:12pt}"
    "table{border-collapse:collapse;margin-top:4px;margin-bottom:8px}"
    "td,th{border:1px solid #bbb;padding:2px 5px;text-align:right}"
    "th{background-color:#eee}td.name,th.name{text-align:left}"
    ".notice{background-color:#fff3cd;padding:6px}";

/// The text width in the CSS pixels <img width> is given in: QTextDocument draws one at a
/// screen-logical-DPI pixel's size on the page.
int textWidthCss(const QPdfWriter& writer) {
  const QScreen* screen = QGuiApplication::primaryScreen();
  const double screenDpi = screen ? screen->logicalDotsPerInchY() : 96.0;
  return static_cast<int>(writer.pageLayout().paintRect(QPageLayout::Inch).width() * screenDpi);
}

/// Registers each figure as an image resource of the document and says how the body refers to it.
std::vector<ReportImage> addFigures(QTextDocument& document,
                                    const std::vector<ReportFigure>& figures, int maximumWidth) {
  std::vector<ReportImage> images;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    QImage image;
    if (!image.loadFromData(reinterpret_cast<const uchar*>(figures[i].png.data()),
                            static_cast<qsizetype>(figures[i].png.size()), "PNG")) {
      throw IoError("PDF report: figure '" + figures[i].name + "' is not a readable PNG");
    }
    // Resource names by position: a file name could hold characters a URL reads differently.
    const std::string source = "figure:" + std::to_string(i);
    document.addResource(QTextDocument::ImageResource, QUrl(QString::fromStdString(source)), image);
    images.push_back({source, std::min(image.width(), maximumWidth)});
  }
  return images;
}

/// QTextDocument::print() would do the paging, but its painter lets Qt store figures as JPEG;
/// the overlays' nearest-neighbour pixels must stay exact. Every page gets the notice footer.
void printPages(QTextDocument& document, QPdfWriter& writer, const QString& footer) {
  QPainter painter(&writer);
  painter.setRenderHint(QPainter::LosslessImageRendering);
  QFont footerFont = painter.font();
  footerFont.setPointSizeF(kFooterPt);
  const double footerHeight = 2.5 * QFontMetricsF(footerFont, &writer).height();
  const QRectF area(QPointF(0, 0), writer.pageLayout().paintRectPixels(kResolution).size());
  const QSizeF body(area.width(), area.height() - footerHeight);
  document.setPageSize(body);
  const int pages = document.pageCount();
  for (int page = 0; page < pages; ++page) {
    if (page > 0) writer.newPage();
    const QRectF view(QPointF(0, page * body.height()), body);
    painter.save();
    painter.translate(0, -view.top());
    painter.setClipRect(view);
    QAbstractTextDocumentLayout::PaintContext context;
    context.clip = view;
    context.palette.setColor(QPalette::Text, Qt::black);  // not the platform theme's colour
    document.documentLayout()->draw(&painter, context);
    painter.restore();
    painter.setFont(footerFont);
    painter.setPen(QColor(90, 90, 90));
    painter.drawText(QRectF(0, body.height(), body.width(), footerHeight),
                     Qt::AlignBottom | Qt::AlignLeft, footer);
    painter.drawText(QRectF(0, body.height(), body.width(), footerHeight),
                     Qt::AlignBottom | Qt::AlignRight,
                     QString("page %1 of %2").arg(page + 1).arg(pages));
  }
}

}  // namespace

std::string PdfReport::title(const FindingsDocument& findings) {
  return "AnomaDiff report (research use only, not for diagnosis): " + findings.provenance.input;
}

std::string PdfReport::pdf(const FindingsDocument& findings,
                           const std::vector<ReportFigure>& figures) const {
  const GuiApplicationScope gui;
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);  // finishes the file when it goes out of scope
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins({kMarginMm, kMarginMm, kMarginMm, kMarginMm}, QPageLayout::Millimeter);
    writer.setResolution(kResolution);
    writer.setTitle(QString::fromStdString(title(findings)));
    writer.setCreator(QString::fromStdString("AnomaDiff " + findings.provenance.appVersion));
    QTextDocument document;
    // Laid out in the writer's units, so fonts and lines are measured as they will print.
    document.documentLayout()->setPaintDevice(&writer);
    document.setDocumentMargin(0);  // the page margins are the margins
    const auto images = addFigures(document, figures, textWidthCss(writer));
    document.setDefaultStyleSheet(kStyle);
    document.setHtml(QString::fromStdString("<html><body>" + HtmlReport::body(findings, images) +
                                            "</body></html>"));
    printPages(document, writer,
               QString::fromStdString("AnomaDiff " + findings.provenance.appVersion +
                                      " | research use only, not for diagnosis"));
  }
  if (bytes.isEmpty()) throw IoError("PDF report: Qt wrote no PDF");
  return bytes.toStdString();
}

void PdfReport::write(const FindingsDocument& findings, const std::vector<ReportFigure>& figures,
                      const std::filesystem::path& path) const {
  TextFileWriter().write(path, pdf(findings, figures));
}

}  // namespace anomadiff
