#include "pacs/DicomThumbnail.h"

#include <dcmtk/dcmimage/diregist.h>  // colour images, registered with dcmimgle when linked
#include <dcmtk/dcmimgle/dcmimage.h>

#include <algorithm>
#include <memory>

namespace anomadiff {

QByteArray DicomThumbnail::render(DcmDataset& instance, int longerSide) {
  DicomImage image(&instance, instance.getOriginalXfer(), CIF_UsePartialAccessToPixelData, 0, 1);
  if (image.getStatus() != EIS_Normal || image.getWidth() == 0 || image.getHeight() == 0) {
    return {};
  }
  if (image.isMonochrome()) {
    if (image.getWindowCount() > 0) {
      image.setWindow(0);
    } else {
      image.setMinMaxWindow(1);  // 1: the range without the extreme values
    }
  }
  const double scale = double(longerSide) / double(std::max(image.getWidth(), image.getHeight()));
  const auto width = std::max(1UL, static_cast<unsigned long>(image.getWidth() * scale + 0.5));
  const auto height = std::max(1UL, static_cast<unsigned long>(image.getHeight() * scale + 0.5));
  const std::unique_ptr<DicomImage> scaled(image.createScaledImage(width, height, 1));
  if (scaled == nullptr) return {};
  const bool grey = scaled->isMonochrome();
  const auto* pixels = static_cast<const char*>(scaled->getOutputData(8));
  if (pixels == nullptr) return {};
  QByteArray picture = QByteArray(grey ? "P5\n" : "P6\n") + QByteArray::number(qulonglong(width)) +
                       " " + QByteArray::number(qulonglong(height)) + "\n255\n";
  picture.append(pixels, qsizetype(width * height * (grey ? 1 : 3)));
  return picture;
}

}  // namespace anomadiff
