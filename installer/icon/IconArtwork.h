#pragma once

#include <QImage>
#include <QString>

namespace anomadiff::installer {

/// The application icon: a brain slice with a highlighted finding in its box. One list of
/// shapes drawn twice — as SVG text (scalable, for desktops that take it) and painted into PNGs
/// of the hicolor sizes — so the two can never disagree.
class IconArtwork {
 public:
  static QString svg();
  static QImage png(int size);
};

}  // namespace anomadiff::installer
