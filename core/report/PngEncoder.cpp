#include "report/PngEncoder.h"

#include "common/Error.h"

#include <QBuffer>
#include <QImage>

namespace anomadiff {

std::string PngEncoder::encodeBgr(const unsigned char* pixels, int width, int height,
                                  std::size_t stride) {
  const QImage bgr(pixels, width, height, static_cast<qsizetype>(stride), QImage::Format_BGR888);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!bgr.save(&buffer, "PNG")) throw IoError("cannot encode a PNG image");
  return bytes.toStdString();
}

}  // namespace anomadiff
