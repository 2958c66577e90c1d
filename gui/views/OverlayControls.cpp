#include "views/OverlayControls.h"

#include "views/Colormap.h"
#include "views/ComparisonView.h"
#include "views/HeatMapLayer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace anomadiff::gui {
namespace {

constexpr int kThresholdPositions = 1000;

const Colormap::Kind kColormaps[] = {Colormap::Kind::Turbo, Colormap::Kind::Hot,
                                     Colormap::Kind::Viridis, Colormap::Kind::Grey};

}  // namespace

OverlayControls::OverlayControls(ComparisonView* comparison, QWidget* parent)
    : QWidget(parent), m_comparison(comparison) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 0, 4, 0);
  m_kind = new QComboBox(this);
  m_kind->addItems({tr("Anomaly map"), tr("Variance map")});
  m_kind->setToolTip(tr("Which map the overlay shows (V)"));
  m_colormap = new QComboBox(this);
  for (auto kind : kColormaps) m_colormap->addItem(Colormap(kind).name());
  m_colormap->setToolTip(tr("Colormap of the overlay"));
  m_opacity = new QSlider(Qt::Horizontal, this);
  m_opacity->setRange(0, 100);
  m_opacity->setMaximumWidth(100);
  m_opacity->setToolTip(tr("Overlay opacity"));
  m_threshold = new QSlider(Qt::Horizontal, this);
  m_threshold->setRange(0, kThresholdPositions);
  m_threshold->setMinimumWidth(140);
  m_threshold->setToolTip(
      tr("Display threshold: values below it are not coloured. The run's threshold (mask, "
         "boxes) stays as it was."));
  m_thresholdValue = new QLabel(this);
  m_thresholdValue->setMinimumWidth(60);
  m_visible = new QCheckBox(tr("Show"), this);
  m_visible->setToolTip(tr("Show the overlay (H)"));
  for (QWidget* widget : std::initializer_list<QWidget*>{
           new QLabel(tr("Overlay"), this), m_kind, m_colormap, new QLabel(tr("Opacity"), this),
           m_opacity, new QLabel(tr("Threshold"), this), m_threshold, m_thresholdValue,
           m_visible}) {
    layout->addWidget(widget);
  }
  layout->addStretch(1);

  HeatMapLayer* layer = m_comparison->heatMapLayer();
  connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int index) {
    m_comparison->setOverlayKind(index == 0 ? ComparisonView::OverlayKind::Anomaly
                                            : ComparisonView::OverlayKind::Variance);
  });
  connect(m_colormap, &QComboBox::currentIndexChanged, this,
          [layer](int index) { layer->setColormap(Colormap(kColormaps[index])); });
  connect(m_opacity, &QSlider::valueChanged, this,
          [layer](int percent) { layer->setOpacity(percent / 100.0); });
  connect(m_threshold, &QSlider::valueChanged, this, &OverlayControls::applyThreshold);
  connect(m_visible, &QCheckBox::toggled, layer, &HeatMapLayer::setVisible);
  connect(layer, &HeatMapLayer::changed, this, &OverlayControls::syncFromLayer);
  syncFromLayer();
}

void OverlayControls::toggleKind() {
  m_kind->setCurrentIndex(m_kind->currentIndex() == 0 ? 1 : 0);
}

void OverlayControls::applyThreshold(int position) {
  HeatMapLayer* layer = m_comparison->heatMapLayer();
  const double value =
      layer->low() + (layer->high() - layer->low()) * position / kThresholdPositions;
  layer->setThreshold(value);
}

void OverlayControls::syncFromLayer() {
  const HeatMapLayer* layer = m_comparison->heatMapLayer();
  const QSignalBlocker blockThreshold(m_threshold), blockOpacity(m_opacity),
      blockVisible(m_visible), blockColormap(m_colormap);
  const double span = layer->high() - layer->low();
  const double fraction = span > 0.0 ? (layer->threshold() - layer->low()) / span : 0.0;
  m_threshold->setValue(static_cast<int>(std::lround(fraction * kThresholdPositions)));
  m_thresholdValue->setText(QString::number(layer->threshold(), 'g', 3));
  m_opacity->setValue(static_cast<int>(std::lround(layer->opacity() * 100.0)));
  m_visible->setChecked(layer->isVisible());
  for (int i = 0; i < m_colormap->count(); ++i) {
    if (m_colormap->itemText(i) == layer->colormap().name()) m_colormap->setCurrentIndex(i);
  }
}

}  // namespace anomadiff::gui
