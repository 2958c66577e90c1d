#include "views/SliceLayerStack.h"

#include "views/SliceLayer.h"

#include <QPainter>

namespace anomadiff::gui {

bool SliceLayerStack::add(SliceLayer* layer) {
  if (layer == nullptr || std::find(m_layers.begin(), m_layers.end(), layer) != m_layers.end()) {
    return false;
  }
  m_layers.push_back(layer);
  return true;
}

bool SliceLayerStack::remove(SliceLayer* layer) {
  const auto found = std::find(m_layers.begin(), m_layers.end(), layer);
  if (found == m_layers.end()) return false;
  m_layers.erase(found);
  return true;
}

void SliceLayerStack::paint(QPainter& painter, const SliceView& view) const {
  for (SliceLayer* layer : m_layers) {
    // Each layer starts from the view's painter state, whatever the one before it left.
    painter.save();
    layer->paint(painter, view);
    painter.restore();
  }
}

}  // namespace anomadiff::gui
