#include "views/SliceView.h"

#include "views/IntensityPercentiles.h"
#include "views/SliceLayer.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace anomadiff::gui {

namespace {

// One wheel notch, in QWheelEvent::angleDelta units (1/8 degree).
constexpr int kWheelNotch = 120;
// A right-drag across this many pixels changes window or level by the image's intensity span.
constexpr double kDragPixelsPerSpan = 400.0;
constexpr double kMinimumWindow = 1e-6;

const QColor kBackground(0, 0, 0);
const QColor kPlaceholderText(150, 150, 150);

}  // namespace

SliceView::SliceView(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
}

SliceView::~SliceView() = default;

void SliceView::setImage(std::shared_ptr<const Image> image) {
  if (image == nullptr || image->isEmpty()) {
    clear();
    return;
  }
  m_image = std::move(image);
  updateAxes();
  const IntensityRange extent = intensityExtent(*m_image);
  m_intensitySpan = std::max(extent.width(), kMinimumWindow);
  resetWindowLevel();
  m_sliceIndex = -1;  // so that the next line emits sliceChanged for the new image
  setSliceIndex(sliceCount() / 2);
  invalidate();
}

void SliceView::setImage(const Image& image) {
  setImage(std::make_shared<const Image>(image));
}

void SliceView::clear() {
  m_image.reset();
  updateAxes();
  m_sliceIndex = 0;
  m_sliceImage = QImage();
  invalidate();
}

bool SliceView::hasImage() const {
  return m_image != nullptr;
}

const Image* SliceView::image() const {
  return m_image.get();
}

void SliceView::setOrientation(SliceOrientation orientation) {
  if (orientation == m_orientation) {
    return;
  }
  m_orientation = orientation;
  updateAxes();
  Q_EMIT orientationChanged(orientation);
  if (m_image != nullptr) {
    m_sliceIndex = -1;
    setSliceIndex(sliceCount() / 2);
  }
  invalidate();
}

SliceOrientation SliceView::orientation() const {
  return m_orientation;
}

void SliceView::updateAxes() {
  m_axes = m_image != nullptr ? sliceAxesFor(m_image->geometry(), m_orientation) : SliceAxes{};
}

SliceAxes SliceView::sliceAxes() const {
  return m_axes;
}

int SliceView::sliceCount() const {
  if (m_image == nullptr) {
    return 0;
  }
  return static_cast<int>(m_image->geometry().size[static_cast<std::size_t>(m_axes.normal)]);
}

int SliceView::sliceIndex() const {
  return m_sliceIndex;
}

void SliceView::setSliceIndex(int index) {
  if (m_image == nullptr) {
    return;
  }
  const int clamped = std::clamp(index, 0, sliceCount() - 1);
  if (clamped == m_sliceIndex) {
    return;
  }
  m_sliceIndex = clamped;
  invalidate();
  Q_EMIT sliceChanged(m_sliceIndex);
}

void SliceView::setWindowLevel(double window, double level) {
  window = std::max(window, kMinimumWindow);
  if (window == m_window && level == m_level) {
    return;
  }
  m_window = window;
  m_level = level;
  invalidate();
  Q_EMIT windowLevelChanged(m_window, m_level);
}

double SliceView::window() const {
  return m_window;
}

double SliceView::level() const {
  return m_level;
}

void SliceView::resetWindowLevel() {
  if (m_image == nullptr) {
    return;
  }
  IntensityRange range = intensityPercentiles(*m_image, 0.01, 0.99);
  if (range.width() <= 0.0) {
    // Mostly-constant images (a small bright region on zeros) have equal percentiles.
    range = intensityExtent(*m_image);
  }
  if (range.width() <= 0.0) {
    // Constant image: centre it in a unit window so it shows mid-grey rather than nothing.
    setWindowLevel(1.0, range.low);
    return;
  }
  setWindowLevel(range.width(), 0.5 * (range.low + range.high));
}

QSize SliceView::sliceSize() const {
  if (m_image == nullptr) {
    return {};
  }
  const auto& size = m_image->geometry().size;
  return {static_cast<int>(size[static_cast<std::size_t>(m_axes.column)]),
          static_cast<int>(size[static_cast<std::size_t>(m_axes.row)])};
}

QSizeF SliceView::pixelSpacing() const {
  if (m_image == nullptr) {
    return {1.0, 1.0};
  }
  const auto& spacing = m_image->geometry().spacing;
  const auto positive = [](double value) { return value > 0.0 ? value : 1.0; };
  return {positive(spacing[static_cast<std::size_t>(m_axes.column)]),
          positive(spacing[static_cast<std::size_t>(m_axes.row)])};
}

QRectF SliceView::sliceRect() const {
  const QSize voxels = sliceSize();
  if (voxels.isEmpty()) {
    return {};
  }
  const QSizeF spacing = pixelSpacing();
  QSizeF physical(voxels.width() * spacing.width(), voxels.height() * spacing.height());
  physical.scale(QSizeF(size()), Qt::KeepAspectRatio);
  const QPointF topLeft((width() - physical.width()) / 2.0, (height() - physical.height()) / 2.0);
  return {topLeft, physical};
}

std::optional<std::array<int, 3>> SliceView::voxelAt(QPointF widgetPosition) const {
  const QRectF rect = sliceRect();
  if (rect.isEmpty() || !rect.contains(widgetPosition)) {
    return std::nullopt;
  }
  const QSize voxels = sliceSize();
  const int displayColumn = std::clamp(
      static_cast<int>((widgetPosition.x() - rect.left()) / rect.width() * voxels.width()), 0,
      voxels.width() - 1);
  const int displayRow = std::clamp(
      static_cast<int>((widgetPosition.y() - rect.top()) / rect.height() * voxels.height()), 0,
      voxels.height() - 1);
  std::array<int, 3> voxel{};
  voxel[static_cast<std::size_t>(m_axes.column)] =
      m_axes.flipColumns ? voxels.width() - 1 - displayColumn : displayColumn;
  voxel[static_cast<std::size_t>(m_axes.row)] =
      m_axes.flipRows ? voxels.height() - 1 - displayRow : displayRow;
  voxel[static_cast<std::size_t>(m_axes.normal)] = m_sliceIndex;
  return voxel;
}

QPointF SliceView::widgetPosition(const std::array<double, 3>& voxelIndex) const {
  const QRectF rect = sliceRect();
  if (rect.isEmpty()) {
    return {};
  }
  const QSize voxels = sliceSize();
  const double column = voxelIndex[static_cast<std::size_t>(m_axes.column)];
  const double row = voxelIndex[static_cast<std::size_t>(m_axes.row)];
  // Voxel i covers [i - 0.5, i + 0.5] in index units; flipping mirrors about the slice centre.
  const double displayColumn = m_axes.flipColumns ? voxels.width() - 1 - column : column;
  const double displayRow = m_axes.flipRows ? voxels.height() - 1 - row : row;
  return {rect.left() + (displayColumn + 0.5) * rect.width() / voxels.width(),
          rect.top() + (displayRow + 0.5) * rect.height() / voxels.height()};
}

QSize SliceView::sizeHint() const {
  return {512, 512};
}

QSize SliceView::minimumSizeHint() const {
  return {128, 128};
}

void SliceView::addLayer(SliceLayer* layer) {
  if (layer == nullptr || std::find(m_layers.begin(), m_layers.end(), layer) != m_layers.end()) {
    return;
  }
  m_layers.push_back(layer);
  connect(layer, &SliceLayer::changed, this, qOverload<>(&QWidget::update));
  connect(layer, &QObject::destroyed, this, [this, layer] { removeLayer(layer); });
  update();
}

void SliceView::removeLayer(SliceLayer* layer) {
  const auto found = std::find(m_layers.begin(), m_layers.end(), layer);
  if (found == m_layers.end()) {
    return;
  }
  m_layers.erase(found);
  disconnect(layer, nullptr, this, nullptr);
  update();
}

const std::vector<SliceLayer*>& SliceView::layers() const {
  return m_layers;
}

template <typename Handler>
bool SliceView::offerToLayers(Handler handler) {
  // Copy: a handler may add or remove layers.
  const std::vector<SliceLayer*> layers = m_layers;
  return std::any_of(layers.rbegin(), layers.rend(),
                     [&](SliceLayer* layer) { return handler(*layer); });
}

void SliceView::invalidate() {
  m_sliceImageDirty = true;
  update();
}

void SliceView::rebuildSliceImage() {
  m_sliceImageDirty = false;
  const QSize voxels = sliceSize();
  if (voxels.isEmpty()) {
    m_sliceImage = QImage();
    return;
  }
  m_sliceImage = QImage(voxels, QImage::Format_Grayscale8);
  const double low = m_level - 0.5 * m_window;
  const double scale = 255.0 / m_window;
  std::array<std::size_t, 3> index{};
  index[static_cast<std::size_t>(m_axes.normal)] = static_cast<std::size_t>(m_sliceIndex);
  for (int displayRow = 0; displayRow < voxels.height(); ++displayRow) {
    uchar* line = m_sliceImage.scanLine(displayRow);
    index[static_cast<std::size_t>(m_axes.row)] =
        static_cast<std::size_t>(m_axes.flipRows ? voxels.height() - 1 - displayRow : displayRow);
    for (int displayColumn = 0; displayColumn < voxels.width(); ++displayColumn) {
      index[static_cast<std::size_t>(m_axes.column)] = static_cast<std::size_t>(
          m_axes.flipColumns ? voxels.width() - 1 - displayColumn : displayColumn);
      const float value = m_image->at(index[0], index[1], index[2]);
      // Non-finite voxels (refused by the methods anyway) show as black.
      const double grey = std::isfinite(value) ? (value - low) * scale : 0.0;
      line[displayColumn] = static_cast<uchar>(std::lround(std::clamp(grey, 0.0, 255.0)));
    }
  }
}

void SliceView::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  painter.fillRect(rect(), kBackground);
  if (m_image == nullptr) {
    painter.setPen(kPlaceholderText);
    painter.drawText(rect(), Qt::AlignCenter, tr("No image — use File › Open"));
    return;
  }
  if (m_sliceImageDirty) {
    rebuildSliceImage();
  }
  // Smooth when shrinking (avoids aliasing of large slices); crisp voxels when enlarging.
  const QRectF target = sliceRect();
  painter.setRenderHint(QPainter::SmoothPixmapTransform,
                        target.width() < static_cast<double>(m_sliceImage.width()));
  painter.drawImage(target, m_sliceImage);
  for (SliceLayer* layer : m_layers) {
    painter.save();
    layer->paint(painter, *this);
    painter.restore();
  }
}

void SliceView::wheelEvent(QWheelEvent* event) {
  if (m_image == nullptr) {
    event->ignore();
    return;
  }
  m_wheelRemainder += event->angleDelta().y();
  const int steps = m_wheelRemainder / kWheelNotch;
  m_wheelRemainder -= steps * kWheelNotch;
  if (steps != 0) {
    setSliceIndex(m_sliceIndex + steps);
  }
  event->accept();
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  if (offerToLayers([&](SliceLayer& layer) { return layer.mousePress(*this, event); })) {
    event->accept();
    return;
  }
  if (event->button() == Qt::RightButton && m_image != nullptr) {
    m_adjustingWindow = true;
    m_dragStart = event->position();
    m_dragStartWindow = m_window;
    m_dragStartLevel = m_level;
    setCursor(Qt::SizeAllCursor);
    event->accept();
    return;
  }
  QWidget::mousePressEvent(event);
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  if (!m_adjustingWindow &&
      offerToLayers([&](SliceLayer& layer) { return layer.mouseMove(*this, event); })) {
    event->accept();
    return;
  }
  if (m_adjustingWindow) {
    const QPointF delta = event->position() - m_dragStart;
    const double perPixel = m_intensitySpan / kDragPixelsPerSpan;
    // Right widens the window (less contrast); down raises the level (darker), as in most
    // radiology viewers.
    setWindowLevel(m_dragStartWindow + delta.x() * perPixel,
                   m_dragStartLevel + delta.y() * perPixel);
    event->accept();
    return;
  }
  QWidget::mouseMoveEvent(event);
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  if (!m_adjustingWindow &&
      offerToLayers([&](SliceLayer& layer) { return layer.mouseRelease(*this, event); })) {
    event->accept();
    return;
  }
  if (m_adjustingWindow && event->button() == Qt::RightButton) {
    m_adjustingWindow = false;
    unsetCursor();
    event->accept();
    return;
  }
  QWidget::mouseReleaseEvent(event);
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  if (offerToLayers([&](SliceLayer& layer) { return layer.keyPress(*this, event); })) {
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}

}  // namespace anomadiff::gui
