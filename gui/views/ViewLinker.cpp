#include "views/ViewLinker.h"

#include "views/SliceView.h"

#include <algorithm>

namespace anomadiff::gui {

ViewLinker::ViewLinker(QObject* parent)
    : QObject(parent),
      m_links(Link::Slice | Link::Orientation | Link::ViewTransform | Link::Cursor) {}

void ViewLinker::setLinks(Links links) {
  m_links = links;
}

ViewLinker::Links ViewLinker::links() const {
  return m_links;
}

void ViewLinker::addView(SliceView* view) {
  if (view == nullptr || std::find(m_views.begin(), m_views.end(), view) != m_views.end()) {
    return;
  }
  m_views.push_back(view);
  connectView(view);
}

void ViewLinker::removeView(SliceView* view) {
  const auto found = std::find(m_views.begin(), m_views.end(), view);
  if (found == m_views.end()) {
    return;
  }
  m_views.erase(found);
  disconnect(view, nullptr, this, nullptr);
}

const std::vector<SliceView*>& ViewLinker::views() const {
  return m_views;
}

void ViewLinker::connectView(SliceView* view) {
  connect(view, &QObject::destroyed, this, [this, view] {
    m_views.erase(std::remove(m_views.begin(), m_views.end(), view), m_views.end());
  });
  connect(view, &SliceView::sliceChanged, this, [this, view] {
    propagate(view, Link::Slice, [&](SliceView& target) { copySlice(*view, target); });
  });
  connect(view, &SliceView::orientationChanged, this, [this, view] {
    propagate(view, Link::Orientation,
              [&](SliceView& target) { target.setOrientation(view->orientation()); });
  });
  connect(view, &SliceView::viewTransformChanged, this, [this, view] {
    propagate(view, Link::ViewTransform,
              [&](SliceView& target) { target.setViewTransform(view->zoom(), view->pan()); });
  });
  connect(view, &SliceView::cursorMoved, this, [this, view] {
    propagate(view, Link::Cursor, [&](SliceView& target) { copyCursor(*view, target); });
  });
  connect(view, &SliceView::windowLevelChanged, this, [this, view] {
    propagate(view, Link::WindowLevel,
              [&](SliceView& target) { target.setWindowLevel(view->window(), view->level()); });
  });
}

template <typename Copy>
void ViewLinker::propagate(SliceView* source, Link link, Copy copy) {
  if (m_links.testFlag(link)) {
    copyToOthers(source, copy);
  }
}

template <typename Copy>
void ViewLinker::copyToOthers(SliceView* source, Copy copy) {
  if (m_propagating) {
    return;
  }
  m_propagating = true;
  // Copy: a slot reacting to a target's signal may add or remove views.
  const std::vector<SliceView*> views = m_views;
  for (SliceView* target : views) {
    if (target != source) {
      copy(*target);
    }
  }
  m_propagating = false;
}

void ViewLinker::copySlice(const SliceView& source, SliceView& target) const {
  if (target.orientation() == source.orientation()) {
    target.setSliceIndex(source.sliceIndex());
  }
}

void ViewLinker::copyCursor(const SliceView& source, SliceView& target) const {
  const auto cursor = source.cursorVoxel();
  target.setCursorVoxel(cursor);
  if (target.orientation() != source.orientation()) {
    target.setSliceIndex(cursor[static_cast<std::size_t>(target.sliceAxes().normal)]);
  }
}

void ViewLinker::syncFrom(SliceView* source) {
  if (source == nullptr) {
    return;
  }
  const auto copyAll = [&](SliceView& target) {
    if (m_links.testFlag(Link::Orientation)) {
      target.setOrientation(source->orientation());
    }
    if (m_links.testFlag(Link::Cursor)) {
      copyCursor(*source, target);
    }
    if (m_links.testFlag(Link::Slice)) {
      copySlice(*source, target);
    }
    if (m_links.testFlag(Link::ViewTransform)) {
      target.setViewTransform(source->zoom(), source->pan());
    }
    if (m_links.testFlag(Link::WindowLevel)) {
      target.setWindowLevel(source->window(), source->level());
    }
  };
  copyToOthers(source, copyAll);
}

}  // namespace anomadiff::gui
