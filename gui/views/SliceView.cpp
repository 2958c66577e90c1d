#include "views/SliceView.h"

#include "views/GreySlice.h"
#include "views/IntensityPercentiles.h"
#include "views/SliceLayer.h"
#include "views/WindowLevelPreset.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <utility>

namespace anomadiff::gui {

namespace {

constexpr double kMinimumWindow = 1e-6;

const QColor kBackground(0, 0, 0);
const QColor kPlaceholderText(150, 150, 150);

}  // namespace

SliceView::SliceView(QWidget* parent) : QWidget(parent), m_navigator(*this) {
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
  const bool sameGrid = m_image != nullptr && m_image->geometry().size == image->geometry().size &&
                        m_image->geometry().direction == image->geometry().direction;
  m_image = std::move(image);
  updateAxes();
  const IntensityRange extent = intensityExtent(*m_image);
  m_intensitySpan = std::max(extent.width(), kMinimumWindow);
  resetWindowLevel();
  placeNewImage(sameGrid);
  invalidate();
}

void SliceView::placeNewImage(bool sameGrid) {
  if (sameGrid) {
    return;
  }
  m_sliceIndex = -1;  // so that the next line emits sliceChanged for the new image
  setSliceIndex(sliceCount() / 2);
  const auto& size = m_image->geometry().size;
  setCursorVoxel({static_cast<int>(size[0] / 2), static_cast<int>(size[1] / 2),
                  static_cast<int>(size[2] / 2)});
  resetView();
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
    // Through the cursor, as in ITK-SNAP: switching plane keeps looking at the same point.
    setSliceIndex(m_cursor[static_cast<std::size_t>(m_axes.normal)]);
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
  applyPreset(WindowLevelPreset::standardPresets().front());
}

void SliceView::applyPreset(const WindowLevelPreset& preset) {
  if (m_image == nullptr) {
    return;
  }
  const WindowLevelPreset::WindowLevel value = preset.compute(*m_image);
  setWindowLevel(value.window, value.level);
}

double SliceView::intensitySpan() const {
  return m_intensitySpan;
}

void SliceView::setZoom(double zoom) {
  setViewTransform(zoom, m_viewport.pan());
}

double SliceView::zoom() const {
  return m_viewport.zoom();
}

void SliceView::setPan(QPointF pan) {
  setViewTransform(m_viewport.zoom(), pan);
}

QPointF SliceView::pan() const {
  return m_viewport.pan();
}

void SliceView::setViewTransform(double zoom, QPointF pan) {
  const bool zoomChanged = m_viewport.setZoom(zoom);
  if (m_viewport.setPan(pan) || zoomChanged) {
    update();
    Q_EMIT viewTransformChanged();
  }
}

void SliceView::zoomAbout(QPointF anchor, double factor) {
  if (m_viewport.zoomAbout(anchor, factor, QSizeF(size()))) {
    update();
    Q_EMIT viewTransformChanged();
  }
}

void SliceView::resetView() {
  setViewTransform(1.0, QPointF());
}

void SliceView::setCursorVoxel(const std::array<int, 3>& voxel) {
  std::array<int, 3> clamped = voxel;
  if (m_image != nullptr) {
    const auto& size = m_image->geometry().size;
    for (std::size_t axis = 0; axis < 3; ++axis) {
      clamped[axis] = std::clamp(clamped[axis], 0, static_cast<int>(size[axis]) - 1);
    }
  }
  if (clamped == m_cursor) {
    return;
  }
  m_cursor = clamped;
  update();
  Q_EMIT cursorMoved(m_cursor);
}

std::array<int, 3> SliceView::cursorVoxel() const {
  return m_cursor;
}

QSize SliceView::sliceSize() const {
  return sliceGrid().size();
}

SliceGrid SliceView::sliceGrid() const {
  if (m_image == nullptr) {
    return {};
  }
  return {m_image->geometry().size, m_axes, m_sliceIndex};
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
  const QSizeF physical(voxels.width() * spacing.width(), voxels.height() * spacing.height());
  return m_viewport.sliceRect(QSizeF(size()), physical);
}

std::optional<std::array<int, 3>> SliceView::voxelAt(QPointF widgetPosition) const {
  const QRectF rect = sliceRect();
  if (rect.isEmpty() || !rect.contains(widgetPosition)) {
    return std::nullopt;
  }
  const SliceGrid grid = sliceGrid();
  const QSize voxels = grid.size();
  const int displayColumn = std::clamp(
      static_cast<int>((widgetPosition.x() - rect.left()) / rect.width() * voxels.width()), 0,
      voxels.width() - 1);
  const int displayRow = std::clamp(
      static_cast<int>((widgetPosition.y() - rect.top()) / rect.height() * voxels.height()), 0,
      voxels.height() - 1);
  return grid.voxel(displayColumn, displayRow);
}

QPointF SliceView::widgetPosition(const std::array<double, 3>& voxelIndex) const {
  const QRectF rect = sliceRect();
  if (rect.isEmpty()) {
    return {};
  }
  const SliceGrid grid = sliceGrid();
  const QSize voxels = grid.size();
  // Voxel i covers [i - 0.5, i + 0.5] in index units, so its centre is half a pixel in.
  const std::array<double, 2> display = grid.display(voxelIndex);
  return {rect.left() + (display[0] + 0.5) * rect.width() / voxels.width(),
          rect.top() + (display[1] + 0.5) * rect.height() / voxels.height()};
}

QSize SliceView::sizeHint() const {
  return {512, 512};
}

QSize SliceView::minimumSizeHint() const {
  return {128, 128};
}

void SliceView::addLayer(SliceLayer* layer) {
  if (!m_layers.add(layer)) return;
  connect(layer, &SliceLayer::changed, this, qOverload<>(&QWidget::update));
  connect(layer, &QObject::destroyed, this, [this, layer] { removeLayer(layer); });
  update();
}

void SliceView::removeLayer(SliceLayer* layer) {
  if (!m_layers.remove(layer)) return;
  disconnect(layer, nullptr, this, nullptr);
  update();
}

const std::vector<SliceLayer*>& SliceView::layers() const {
  return m_layers.layers();
}

void SliceView::invalidate() {
  m_sliceImageDirty = true;
  update();
}

void SliceView::rebuildSliceImage() {
  m_sliceImageDirty = false;
  m_sliceImage =
      m_image != nullptr ? greySlice(*m_image, sliceGrid(), m_window, m_level) : QImage();
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
  m_layers.paint(painter, *this);
}

void SliceView::wheelEvent(QWheelEvent* event) {
  if (m_navigator.wheel(*event)) {
    event->accept();
    return;
  }
  event->ignore();
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  const bool handled =
      m_navigator.startsPan(*event)
          ? m_navigator.mousePress(*event)
          : m_layers.offer([&](SliceLayer& layer) { return layer.mousePress(*this, event); }) ||
                m_navigator.mousePress(*event);
  if (handled) {
    event->accept();
    return;
  }
  QWidget::mousePressEvent(event);
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  const bool handled =
      m_navigator.isDragging()
          ? m_navigator.mouseMove(*event)
          : m_layers.offer([&](SliceLayer& layer) { return layer.mouseMove(*this, event); });
  if (handled) {
    event->accept();
    return;
  }
  QWidget::mouseMoveEvent(event);
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  const bool handled =
      m_navigator.isDragging()
          ? m_navigator.mouseRelease(*event)
          : m_layers.offer([&](SliceLayer& layer) { return layer.mouseRelease(*this, event); });
  if (handled) {
    event->accept();
    return;
  }
  QWidget::mouseReleaseEvent(event);
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  if (m_layers.offer([&](SliceLayer& layer) { return layer.keyPress(*this, event); }) ||
      m_navigator.keyPress(*event)) {
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}

void SliceView::keyReleaseEvent(QKeyEvent* event) {
  if (m_navigator.keyRelease(*event)) {
    event->accept();
    return;
  }
  QWidget::keyReleaseEvent(event);
}

void SliceView::focusOutEvent(QFocusEvent* event) {
  m_navigator.focusLost();
  QWidget::focusOutEvent(event);
}

}  // namespace anomadiff::gui
