#include "localize/ComponentBoxFinder.h"

#include "common/Error.h"
#include "localize/VolumeComponents.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace anomadiff {
namespace {

void requireSameGrid(const Image& anomaly, const Image& variance) {
  if (!variance.isEmpty() && variance.geometry().size != anomaly.geometry().size) {
    throw InvalidArgument("variance map size differs from the anomaly map size");
  }
}

/// Sums evidence over one component's voxels: row-by-row over its bounding rectangle.
BoundingBox measure(const cv::Mat& labels, int label, const cv::Rect& rect, const float* anomaly,
                    const float* variance, std::size_t z) {
  BoundingBox box;
  box.x = static_cast<std::size_t>(rect.x);
  box.y = static_cast<std::size_t>(rect.y);
  box.z = z;
  box.width = static_cast<std::size_t>(rect.width);
  box.height = static_cast<std::size_t>(rect.height);
  double anomalySum = 0.0, varianceSum = 0.0;
  for (int row = rect.y; row < rect.y + rect.height; ++row) {
    const int* labelRow = labels.ptr<int>(row);
    for (int column = rect.x; column < rect.x + rect.width; ++column) {
      if (labelRow[column] != label) continue;
      const std::size_t index = static_cast<std::size_t>(row) * labels.cols + column;
      anomalySum += anomaly[index];
      box.maxScore = std::max(box.maxScore, static_cast<double>(anomaly[index]));
      if (variance != nullptr) varianceSum += variance[index];
      ++box.areaPx;
    }
  }
  box.score = anomalySum / static_cast<double>(box.areaPx);
  box.meanVariance = varianceSum / static_cast<double>(box.areaPx);
  return box;
}

}  // namespace

std::vector<BoundingBox> ComponentBoxFinder::find(const Image& anomaly, const Image& variance,
                                                  float threshold,
                                                  std::optional<float> extentThreshold) const {
  requireSameGrid(anomaly, variance);
  std::vector<BoundingBox> boxes;
  if (anomaly.depth() > 1) {
    boxes = VolumeComponents::find(anomaly, variance, threshold, m_minimumAreaPx, extentThreshold);
  } else {
    boxes = planeBoxes(anomaly, variance, threshold);
  }
  std::erase_if(boxes, [&](const BoundingBox& box) { return !m_gate.admits(box); });
  std::stable_sort(boxes.begin(), boxes.end(),
                   [](const BoundingBox& a, const BoundingBox& b) { return a.score > b.score; });
  for (std::size_t i = 0; i < boxes.size(); ++i) boxes[i].id = static_cast<int>(i + 1);
  return boxes;
}

std::vector<BoundingBox> ComponentBoxFinder::planeBoxes(const Image& anomaly, const Image& variance,
                                                        float threshold) const {
  const int width = static_cast<int>(anomaly.width());
  const int height = static_cast<int>(anomaly.height());
  const std::size_t plane = anomaly.width() * anomaly.height();
  std::vector<BoundingBox> boxes;
  for (std::size_t z = 0; z < anomaly.depth(); ++z) {
    const float* anomalySlice = anomaly.voxels().data() + z * plane;
    const float* varianceSlice =
        variance.isEmpty() ? nullptr : variance.voxels().data() + z * plane;
    cv::Mat map(height, width, CV_32F, const_cast<float*>(anomalySlice));
    cv::Mat mask = map > threshold;
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    for (int label = 1; label < count; ++label) {
      if (static_cast<std::size_t>(stats.at<int>(label, cv::CC_STAT_AREA)) < m_minimumAreaPx)
        continue;
      const cv::Rect rect(
          stats.at<int>(label, cv::CC_STAT_LEFT), stats.at<int>(label, cv::CC_STAT_TOP),
          stats.at<int>(label, cv::CC_STAT_WIDTH), stats.at<int>(label, cv::CC_STAT_HEIGHT));
      boxes.push_back(measure(labels, label, rect, anomalySlice, varianceSlice, z));
    }
  }
  return boxes;
}

}  // namespace anomadiff
