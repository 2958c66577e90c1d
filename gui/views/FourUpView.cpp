#include "views/FourUpView.h"

#include "views/Colormap.h"
#include "views/ComparisonView.h"
#include "views/CrosshairLayer.h"
#include "views/HeatMapLayer.h"
#include "views/OrientationLettersLayer.h"
#include "views/SliceView.h"
#include "views/ViewerState.h"
#include "views/VolumeView.h"

#include <QGridLayout>
#include <QLabel>

namespace anomadiff::gui {

namespace {

const SliceOrientation kOrientations[] = {SliceOrientation::Axial, SliceOrientation::Coronal,
                                          SliceOrientation::Sagittal};

QWidget* captioned(const QString& caption, QWidget* view, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* layout = new QGridLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(1);
  auto* label = new QLabel(caption, box);
  label->setAlignment(Qt::AlignCenter);
  label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  layout->addWidget(label, 0, 0);
  layout->addWidget(view, 1, 0);
  layout->setRowStretch(1, 1);
  return box;
}

}  // namespace

FourUpView::FourUpView(ComparisonView* source, QWidget* parent)
    : QWidget(parent),
      m_source(source),
      m_state(new ViewerState(ViewerState::Share::WindowLevel, this)) {
  // Orientations differ by design; all three show the input, so they share its window.
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  const QString captions[] = {tr("Axial"), tr("Coronal"), tr("Sagittal")};
  for (int i = 0; i < 3; ++i) {
    m_views[i] = new SliceView(this);
    m_views[i]->setObjectName(QStringLiteral("fourUp%1").arg(captions[i]));
    m_views[i]->setViewerState(m_state);
    m_views[i]->setOrientation(kOrientations[i]);
    m_views[i]->addLayer(new CrosshairLayer(m_views[i]));
    m_views[i]->addLayer(new OrientationLettersLayer(m_views[i]));
    m_heatMaps[i] = new HeatMapLayer(m_views[i]);
    m_heatMaps[i]->setColormap(Colormap(Colormap::Kind::Turbo));
    m_heatMaps[i]->setTitle(tr("Anomaly"));
    m_heatMaps[i]->setColorBarVisible(i == 0);
    m_views[i]->addLayer(m_heatMaps[i]);
    grid->addWidget(captioned(captions[i], m_views[i], this), i / 2, i % 2);
  }
  m_volume = new VolumeView(this);
  m_volume->setObjectName(QStringLiteral("fourUp3D"));
  grid->addWidget(captioned(tr("3D"), m_volume, this), 1, 1);
  for (int i = 0; i < 2; ++i) {
    grid->setRowStretch(i, 1);
    grid->setColumnStretch(i, 1);
  }
  connect(m_source, &ComparisonView::inputChanged, this, &FourUpView::showInput);
  connect(m_source, &ComparisonView::resultChanged, this, &FourUpView::showResult);
  showInput();
}

void FourUpView::showInput() {
  const auto input = m_source->input();
  for (SliceView* view : m_views) {
    view->setImage(input);  // null clears
  }
  m_views[0]->resetWindowLevel();  // the shared window is the input's
  if (input == nullptr || input->geometry().is2D()) {
    m_volume->clear();  // a plane has no 3D rendering, as in the docked 3D view
  } else {
    m_volume->setImage(*input);
    // Start where the reader looks: the middle of the volume, all three crossing there.
    const auto& size = input->geometry().size;
    m_views[0]->setCursorVoxel({int(size[0] / 2), int(size[1] / 2), int(size[2] / 2)});
  }
  showResult();
}

void FourUpView::showResult() {
  const auto map = m_source->anomalyMap();
  const auto threshold = m_source->anomalyThreshold();
  for (auto* heatMap : m_heatMaps) {
    heatMap->setMap(map);
    if (map != nullptr && threshold) heatMap->setThreshold(*threshold);
  }
  if (!m_volume->hasImage()) return;
  if (map != nullptr && threshold) {
    m_volume->setAnomalyMap(*map, *threshold);
  } else {
    m_volume->clearAnomalyMap();
  }
}

}  // namespace anomadiff::gui
