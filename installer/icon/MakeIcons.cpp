// make-icons OUTPUT_FOLDER: writes the application icon as OUTPUT/scalable/apps/anomadiff.svg
// and OUTPUT/<N>x<N>/apps/anomadiff.png for the hicolor theme's sizes (a build step: the
// icons are made, not committed).
#include "IconArtwork.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make-icons OUTPUT_FOLDER\n");
    return 2;
  }
  qputenv("QT_QPA_PLATFORM", "offscreen");  // painting only: no display needed
  QGuiApplication application(argc, argv);
  const QDir output(QString::fromLocal8Bit(argv[1]));
  using anomadiff::installer::IconArtwork;
  output.mkpath("scalable/apps");
  QFile svg(output.filePath("scalable/apps/anomadiff.svg"));
  if (!svg.open(QIODevice::WriteOnly) || svg.write(IconArtwork::svg().toUtf8()) < 0) {
    std::fprintf(stderr, "make-icons: cannot write %s\n", qPrintable(svg.fileName()));
    return 1;
  }
  for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
    const QString folder = QString("%1x%1/apps").arg(size);
    output.mkpath(folder);
    const QString file = output.filePath(folder + "/anomadiff.png");
    if (!IconArtwork::png(size).save(file)) {
      std::fprintf(stderr, "make-icons: cannot write %s\n", qPrintable(file));
      return 1;
    }
  }
  return 0;
}
