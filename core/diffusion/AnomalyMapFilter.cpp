#include "diffusion/AnomalyMapFilter.h"

#include "common/Error.h"

#include <opencv2/imgproc.hpp>

namespace anomadiff::diffusion {

AnomalyMapFilter::AnomalyMapFilter(int side) : m_side(side) {
  if (side != 1 && side != 3 && side != 5) {
    throw InvalidArgument("median filter side " + std::to_string(side) + " is not 1, 3 or 5");
  }
}

Image AnomalyMapFilter::apply(const Image& anomaly, const Image& mask) const {
  if (anomaly.geometry().size != mask.geometry().size || !anomaly.geometry().is2D()) {
    throw InvalidArgument("anomaly map and mask must share one 2D grid");
  }
  Image result = anomaly;
  auto values = result.voxels();
  const auto inside = mask.voxels();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(inside[i] > 0.0f)) values[i] = 0.0f;
  }
  if (m_side == 1) return result;
  const int rows = static_cast<int>(result.height());
  const int columns = static_cast<int>(result.width());
  const cv::Mat source(rows, columns, CV_32F, values.data());
  cv::Mat filtered;
  cv::medianBlur(source, filtered, m_side);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = inside[i] > 0.0f ? filtered.ptr<float>()[i] : 0.0f;
  }
  return result;
}

}  // namespace anomadiff::diffusion
