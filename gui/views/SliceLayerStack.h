#pragma once

#include <algorithm>
#include <vector>

class QPainter;

namespace anomadiff::gui {

class SliceLayer;
class SliceView;

/// The layers of one SliceView in drawing order: painted bottom to top, offered events top to
/// bottom until one takes it. Holds no ownership; the view removes a layer that is destroyed.
class SliceLayerStack {
 public:
  /// False when the layer is null or already there.
  bool add(SliceLayer* layer);
  /// False when the layer was not there.
  bool remove(SliceLayer* layer);
  const std::vector<SliceLayer*>& layers() const { return m_layers; }

  void paint(QPainter& painter, const SliceView& view) const;

  /// Offers an event to the layers, topmost first; true when one consumed it.
  template <typename Handler>
  bool offer(Handler handler) const {
    // A copy: a handler may add or remove layers.
    const std::vector<SliceLayer*> layers = m_layers;
    return std::any_of(layers.rbegin(), layers.rend(),
                       [&](SliceLayer* layer) { return handler(*layer); });
  }

 private:
  std::vector<SliceLayer*> m_layers;
};

}  // namespace anomadiff::gui
