#include "views/ComparisonView.h"

#include "views/Colormap.h"
#include "views/CrosshairLayer.h"
#include "views/HeatMapLayer.h"
#include "views/OrientationLettersLayer.h"
#include "views/SliceView.h"
#include "views/ViewerState.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <utility>

namespace anomadiff::gui {

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent),
      m_layout(new QGridLayout(this)),
      m_state(
          new ViewerState(ViewerState::Share::Orientation | ViewerState::Share::WindowLevel, this)),
      m_slider(new QSlider(Qt::Horizontal, this)) {
  m_layout->setContentsMargins(0, 0, 0, 0);
  m_inputView = addColumn(0, new QLabel(tr("Input"), this));
  m_reconstructionView = addColumn(1, new QLabel(tr("Pseudo-healthy reconstruction"), this));
  m_overlayCaption = new QLabel(this);
  m_overlayView = addColumn(2, m_overlayCaption);
  m_heatMap = new HeatMapLayer(m_overlayView);
  m_overlayView->addLayer(m_heatMap);

  m_slider->setObjectName(QStringLiteral("sliceSlider"));
  m_slider->setEnabled(false);
  m_layout->addWidget(m_slider, 2, 0, 1, 3);
  // The views take all the height; captions and slider keep their natural size.
  m_layout->setRowStretch(1, 1);
  connect(m_slider, &QSlider::valueChanged, m_inputView, &SliceView::setSliceIndex);
  connect(m_inputView, &SliceView::sliceChanged, m_slider, &QSlider::setValue);
  connect(m_inputView, &SliceView::orientationChanged, this, &ComparisonView::updateSliderRange);
  setOverlayKind(OverlayKind::Anomaly);
}

ComparisonView::~ComparisonView() = default;

SliceView* ComparisonView::addColumn(int column, QLabel* caption) {
  caption->setAlignment(Qt::AlignCenter);
  caption->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  auto* view = new SliceView(this);
  view->addLayer(new CrosshairLayer(view));
  view->addLayer(new OrientationLettersLayer(view));
  m_layout->addWidget(caption, 0, column);
  m_layout->addWidget(view, 1, column);
  m_layout->setColumnStretch(column, 1);
  view->setViewerState(m_state);
  return view;
}

void ComparisonView::setInput(std::shared_ptr<const Image> input) {
  clearResult();
  m_input = input;
  m_inputView->setImage(input);
  m_overlayView->setImage(std::move(input));
  // The shared window is the input's: results on its scale arriving later keep it.
  m_inputView->resetWindowLevel();
  updateSliderRange();
  Q_EMIT inputChanged();
}

void ComparisonView::setReconstruction(std::shared_ptr<const Image> reconstruction) {
  m_reconstructionView->setImage(std::move(reconstruction));
}

void ComparisonView::setAnomalyMap(std::shared_ptr<const Image> map) {
  m_anomalyMap = std::move(map);
  updateOverlayMap();
  Q_EMIT resultChanged();
}

void ComparisonView::setVarianceMap(std::shared_ptr<const Image> map) {
  m_varianceMap = std::move(map);
  updateOverlayMap();
}

void ComparisonView::setOverlayKind(OverlayKind kind) {
  m_overlayKind = kind;
  const bool anomaly = kind == OverlayKind::Anomaly;
  // Different colormaps keep the two maps from being mistaken for each other at a glance.
  m_heatMap->setColormap(Colormap(anomaly ? Colormap::Kind::Turbo : Colormap::Kind::Viridis));
  m_heatMap->setTitle(anomaly ? tr("Anomaly") : tr("Variance"));
  m_overlayCaption->setText(anomaly ? tr("Input + anomaly map") : tr("Input + variance map"));
  updateOverlayMap();
}

ComparisonView::OverlayKind ComparisonView::overlayKind() const {
  return m_overlayKind;
}

void ComparisonView::setAnomalyThreshold(double threshold) {
  m_anomalyThreshold = threshold;
  updateOverlayMap();
  Q_EMIT resultChanged();
}

void ComparisonView::updateOverlayMap() {
  const bool anomaly = m_overlayKind == OverlayKind::Anomaly;
  m_heatMap->setMap(anomaly ? m_anomalyMap : m_varianceMap);
  if (anomaly && m_anomalyMap != nullptr && m_anomalyThreshold) {
    m_heatMap->setThreshold(*m_anomalyThreshold);
  }
}

void ComparisonView::clearResult() {
  m_reconstructionView->clear();
  m_anomalyMap.reset();
  m_varianceMap.reset();
  m_anomalyThreshold.reset();
  updateOverlayMap();
  Q_EMIT resultChanged();
}

void ComparisonView::updateSliderRange() {
  const QSignalBlocker blocker(m_slider);
  m_slider->setEnabled(m_inputView->sliceCount() > 1);
  m_slider->setRange(0, std::max(0, m_inputView->sliceCount() - 1));
  m_slider->setValue(m_inputView->sliceIndex());
}

SliceView* ComparisonView::inputView() const {
  return m_inputView;
}

SliceView* ComparisonView::reconstructionView() const {
  return m_reconstructionView;
}

SliceView* ComparisonView::overlayView() const {
  return m_overlayView;
}

HeatMapLayer* ComparisonView::heatMapLayer() const {
  return m_heatMap;
}

ViewerState* ComparisonView::viewerState() const {
  return m_state;
}

QSlider* ComparisonView::sliceSlider() const {
  return m_slider;
}

}  // namespace anomadiff::gui
