#include "IconArtwork.h"

#include <QPainter>
#include <QPainterPath>

#include <vector>

namespace anomadiff::installer {
namespace {

constexpr double kCanvas = 256.0;  // shape coordinates are on a 256-unit canvas

enum class Kind { RoundedRect, Ellipse, Line };

struct Shape {
  Kind kind;
  double x, y, width, height;  ///< rectangle, ellipse bounds, or line from (x, y) to (w, h)
  const char* fill;            ///< "none" for no fill
  const char* stroke;          ///< "none" for no outline
  double strokeWidth;
  double opacity;
};

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> artwork = {
      {Kind::RoundedRect, 8, 8, 240, 240, "#1d2633", "none", 0, 1.0},
      {Kind::Ellipse, 44, 36, 168, 192, "#8a93a0", "#d9dee5", 6, 1.0},
      {Kind::Line, 128, 44, 128, 220, "none", "#5d6672", 4, 1.0},
      {Kind::Ellipse, 130, 74, 60, 60, "#ff5a1f", "none", 0, 0.85},
      {Kind::Ellipse, 146, 90, 28, 28, "#ffd23f", "none", 0, 1.0},
      {Kind::RoundedRect, 118, 62, 84, 84, "none", "#ffd23f", 6, 1.0},
  };
  return artwork;
}

constexpr double kCornerRadius = 40;  ///< of the background; the finding's box has square corners

QString svgElement(const Shape& shape, bool background) {
  const QString paint = QString(R"( fill="%1" stroke="%2" stroke-width="%3" opacity="%4")")
                            .arg(shape.fill, shape.stroke)
                            .arg(shape.strokeWidth)
                            .arg(shape.opacity);
  switch (shape.kind) {
    case Kind::RoundedRect:
      return QString(R"(  <rect x="%1" y="%2" width="%3" height="%4" rx="%5")")
                 .arg(shape.x)
                 .arg(shape.y)
                 .arg(shape.width)
                 .arg(shape.height)
                 .arg(background ? kCornerRadius : 0) +
             paint + "/>\n";
    case Kind::Ellipse:
      return QString(R"(  <ellipse cx="%1" cy="%2" rx="%3" ry="%4")")
                 .arg(shape.x + shape.width / 2)
                 .arg(shape.y + shape.height / 2)
                 .arg(shape.width / 2)
                 .arg(shape.height / 2) +
             paint + "/>\n";
    case Kind::Line:
      return QString(R"(  <line x1="%1" y1="%2" x2="%3" y2="%4")")
                 .arg(shape.x)
                 .arg(shape.y)
                 .arg(shape.width)
                 .arg(shape.height) +
             paint + "/>\n";
  }
  return {};
}

void paint(QPainter& painter, const Shape& shape, bool background) {
  painter.setOpacity(shape.opacity);
  painter.setBrush(QString(shape.fill) == "none" ? QBrush(Qt::NoBrush) : QColor(shape.fill));
  if (QString(shape.stroke) == "none") {
    painter.setPen(Qt::NoPen);
  } else {
    painter.setPen(QPen(QColor(shape.stroke), shape.strokeWidth));
  }
  const QRectF bounds(shape.x, shape.y, shape.width, shape.height);
  switch (shape.kind) {
    case Kind::RoundedRect:
      painter.drawRoundedRect(bounds, background ? kCornerRadius : 0,
                              background ? kCornerRadius : 0);
      break;
    case Kind::Ellipse:
      painter.drawEllipse(bounds);
      break;
    case Kind::Line:
      painter.drawLine(QPointF(shape.x, shape.y), QPointF(shape.width, shape.height));
      break;
  }
}

}  // namespace

QString IconArtwork::svg() {
  QString text = QString(R"(<svg xmlns="http://www.w3.org/2000/svg" width="%1" height="%1" )"
                         R"(viewBox="0 0 %1 %1">)")
                     .arg(kCanvas) +
                 "\n  <title>AnomaDiff</title>\n";
  for (std::size_t i = 0; i < shapes().size(); ++i) text += svgElement(shapes()[i], i == 0);
  return text + "</svg>\n";
}

QImage IconArtwork::png(int size) {
  QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.scale(size / kCanvas, size / kCanvas);
  for (std::size_t i = 0; i < shapes().size(); ++i) paint(painter, shapes()[i], i == 0);
  return image;
}

}  // namespace anomadiff::installer
