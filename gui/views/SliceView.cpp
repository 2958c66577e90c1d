#include "views/SliceView.h"

#include "views/GreySlice.h"
#include "views/IntensityPercentiles.h"
#include "views/SliceLayer.h"
#include "views/ViewerState.h"
#include "views/WindowLevelPreset.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <utility>

namespace anomadiff::gui {

namespace {

const QColor kBackground(0, 0, 0);
const QColor kPlaceholderText(150, 150, 150);

}  // namespace

SliceView::SliceView(QWidget* parent)
    : QWidget(parent), m_ownState(std::make_unique<ViewerState>()), m_navigator(*this) {
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
  connectState(m_ownState.get());
}

SliceView::~SliceView() {
  // The own state goes, and ~QWidget deletes child layers, before ~QObject drops this view's
  // connections: their destroyed signals must not call into a half-destroyed view (UBSan).
  for (SliceLayer* layer : m_layers.layers()) disconnect(layer, nullptr, this, nullptr);
  disconnect(m_ownState.get(), nullptr, this, nullptr);
  if (m_sharedState != nullptr) disconnect(m_sharedState, nullptr, this, nullptr);
}

ViewerState& SliceView::state() const {
  return m_sharedState != nullptr ? *m_sharedState : *m_ownState;
}

ViewerState* SliceView::viewerState() const {
  return &state();
}

void SliceView::setViewerState(ViewerState* state) {
  if (state == m_ownState.get()) {
    state = nullptr;
  }
  if (state == m_sharedState) {
    return;
  }
  if (m_sharedState != nullptr) {
    disconnect(m_sharedState, nullptr, this, nullptr);
  }
  m_sharedState = state;
  if (state != nullptr) {
    connectState(state);
    // Only repaint: announcing here could reach a receiver that is being destroyed with the state.
    connect(state, &QObject::destroyed, this, &SliceView::invalidate);
  }
  announceChanges();
}

void SliceView::connectState(ViewerState* state) {
  connect(state, &ViewerState::cursorChanged, this, &SliceView::announceChanges);
  connect(state, &ViewerState::viewTransformChanged, this, &SliceView::announceChanges);
  connect(state, &ViewerState::orientationChanged, this, &SliceView::announceChanges);
  connect(state, &ViewerState::windowLevelChanged, this, &SliceView::announceChanges);
}

bool SliceView::sharesWindowLevel() const {
  return state().shares(ViewerState::Share::WindowLevel);
}

SliceView::Shown SliceView::shown() const {
  const SliceViewport& viewport = state().viewport(orientation());
  return {sliceIndex(), cursorVoxel(),   orientation(), window(),
          level(),      viewport.zoom(), viewport.pan()};
}

void SliceView::announceChanges() {
  const Shown now = shown();
  const Shown before = std::exchange(m_shown, now);
  const bool newSlice = now.slice != before.slice || now.orientation != before.orientation;
  const bool newWindow = now.window != before.window || now.level != before.level;
  const bool newTransform = now.zoom != before.zoom || now.pan != before.pan;
  const bool newCursor = now.cursor != before.cursor;
  if (newSlice || newWindow) {
    invalidate();
  } else if (newTransform || newCursor) {
    update();
  }
  // Orientation first: a receiver reading the slice range then sees the new plane.
  if (now.orientation != before.orientation) Q_EMIT orientationChanged(now.orientation);
  if (now.slice != before.slice) Q_EMIT sliceChanged(now.slice);
  if (newWindow) Q_EMIT windowLevelChanged(now.window, now.level);
  if (newTransform) Q_EMIT viewTransformChanged();
  if (newCursor) Q_EMIT cursorMoved(now.cursor);
}

void SliceView::setImage(std::shared_ptr<const Image> image) {
  if (image == nullptr || image->isEmpty()) {
    clear();
    return;
  }
  if (m_image == nullptr || !ViewerState::isSameGrid(m_image->geometry(), image->geometry())) {
    m_shown.slice = -1;  // a new image always reports its slice
  }
  m_image = std::move(image);
  const IntensityRange extent = intensityExtent(*m_image);
  m_intensitySpan = std::max(extent.width(), ViewerState::kMinimumWindow);
  m_sliceImageDirty = true;
  state().adoptGrid(m_image->geometry());
  if (!sharesWindowLevel()) {
    resetWindowLevel();
  }
  announceChanges();
}

void SliceView::setImage(const Image& image) {
  setImage(std::make_shared<const Image>(image));
}

void SliceView::clear() {
  m_image.reset();
  m_shown.slice = 0;
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
  // The new plane's slice is the cursor's, as in ITK-SNAP: it keeps looking at the same point.
  if (state().shares(ViewerState::Share::Orientation)) {
    state().setOrientation(orientation);
    return;
  }
  m_orientation = orientation;
  announceChanges();
}

SliceOrientation SliceView::orientation() const {
  return state().shares(ViewerState::Share::Orientation) ? state().orientation() : m_orientation;
}

SliceAxes SliceView::sliceAxes() const {
  // Not cached: a shared orientation may change before this view hears of it.
  return m_image != nullptr ? sliceAxesFor(m_image->geometry(), orientation()) : SliceAxes{};
}

int SliceView::sliceCount() const {
  if (m_image == nullptr) {
    return 0;
  }
  return static_cast<int>(m_image->geometry().size[static_cast<std::size_t>(sliceAxes().normal)]);
}

int SliceView::sliceIndex() const {
  if (m_image == nullptr) {
    return 0;
  }
  const auto normal = static_cast<std::size_t>(sliceAxes().normal);
  return std::clamp(state().cursor()[normal], 0, sliceCount() - 1);
}

void SliceView::setSliceIndex(int index) {
  if (m_image == nullptr) {
    return;
  }
  std::array<int, 3> cursor = state().cursor();
  cursor[static_cast<std::size_t>(sliceAxes().normal)] = std::clamp(index, 0, sliceCount() - 1);
  state().setCursor(cursor);
}

void SliceView::setWindowLevel(double window, double level) {
  if (sharesWindowLevel()) {
    state().setWindowLevel(window, level);
    return;
  }
  m_window = std::max(window, ViewerState::kMinimumWindow);
  m_level = level;
  announceChanges();
}

double SliceView::window() const {
  return sharesWindowLevel() ? state().window() : m_window;
}

double SliceView::level() const {
  return sharesWindowLevel() ? state().level() : m_level;
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
  setViewTransform(zoom, pan());
}

double SliceView::zoom() const {
  return state().viewport(orientation()).zoom();
}

void SliceView::setPan(QPointF pan) {
  setViewTransform(zoom(), pan);
}

QPointF SliceView::pan() const {
  return state().viewport(orientation()).pan();
}

void SliceView::setViewTransform(double zoom, QPointF pan) {
  state().setViewTransform(orientation(), zoom, pan);
}

void SliceView::zoomAbout(QPointF anchor, double factor) {
  SliceViewport viewport = state().viewport(orientation());
  if (viewport.zoomAbout(anchor, factor, QSizeF(size()))) {
    setViewTransform(viewport.zoom(), viewport.pan());
  }
}

void SliceView::resetView() {
  setViewTransform(1.0, QPointF());
}

void SliceView::setCursorVoxel(const std::array<int, 3>& voxel) {
  state().setCursor(voxel);  // the state clamps it into the grid of the views' images
}

std::array<int, 3> SliceView::cursorVoxel() const {
  return state().cursor();
}

QSize SliceView::sliceSize() const {
  return sliceGrid().size();
}

SliceGrid SliceView::sliceGrid() const {
  if (m_image == nullptr) {
    return {};
  }
  return {m_image->geometry().size, sliceAxes(), sliceIndex()};
}

QSizeF SliceView::pixelSpacing() const {
  if (m_image == nullptr) {
    return {1.0, 1.0};
  }
  const auto& spacing = m_image->geometry().spacing;
  const SliceAxes axes = sliceAxes();
  const auto positive = [](double value) { return value > 0.0 ? value : 1.0; };
  return {positive(spacing[static_cast<std::size_t>(axes.column)]),
          positive(spacing[static_cast<std::size_t>(axes.row)])};
}

QRectF SliceView::sliceRect() const {
  const QSize voxels = sliceSize();
  if (voxels.isEmpty()) {
    return {};
  }
  const QSizeF spacing = pixelSpacing();
  const QSizeF physical(voxels.width() * spacing.width(), voxels.height() * spacing.height());
  return state().viewport(orientation()).sliceRect(QSizeF(size()), physical);
}

std::optional<std::array<int, 3>> SliceView::voxelAt(QPointF widgetPosition) const {
  return sliceGrid().voxelAt(sliceRect(), widgetPosition);
}

QPointF SliceView::widgetPosition(const std::array<double, 3>& voxelIndex) const {
  return sliceGrid().position(sliceRect(), voxelIndex);
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
      m_image != nullptr ? greySlice(*m_image, sliceGrid(), window(), level()) : QImage();
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
