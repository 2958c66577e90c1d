#pragma once

#include <QFlags>
#include <QObject>

#include <vector>

namespace anomadiff::gui {

class SliceView;

/// Keeps several SliceViews looking at the same place, as ITK-SNAP and Slicer link their slice
/// views: what changes in one view (slice, orientation, zoom/pan, cursor, optionally window/level)
/// is copied to the others. A change is copied once: while it is being copied, the signals the
/// other views emit in response are not copied back, so there are no feedback loops.
///
/// Slices are copied between views of the same orientation only; the cursor is copied to all and
/// moves views of another orientation to the cursor's slice, so orthogonal views cross at it.
class ViewLinker : public QObject {
  Q_OBJECT

 public:
  enum class Link {
    Slice = 0x1,
    Orientation = 0x2,
    ViewTransform = 0x4,
    Cursor = 0x8,
    WindowLevel = 0x10,
  };
  Q_DECLARE_FLAGS(Links, Link)

  /// Links everything but window/level, which stays per view unless asked for: images with
  /// different intensity scales (an input and its variance) would otherwise share a window.
  explicit ViewLinker(QObject* parent = nullptr);

  void setLinks(Links links);
  Links links() const;

  /// The view joins without being changed; call syncFrom to align it. Not owned; a destroyed view
  /// leaves by itself.
  void addView(SliceView* view);
  void removeView(SliceView* view);
  const std::vector<SliceView*>& views() const;

  /// Copies everything linked from `source` to the other views (after loading images).
  void syncFrom(SliceView* source);

 private:
  void connectView(SliceView* view);
  /// copyToOthers when `link` is on.
  template <typename Copy>
  void propagate(SliceView* source, Link link, Copy copy);
  /// Runs `copy` for each view but `source`, unless a copy is already under way.
  template <typename Copy>
  void copyToOthers(SliceView* source, Copy copy);

  void copySlice(const SliceView& source, SliceView& target) const;
  void copyCursor(const SliceView& source, SliceView& target) const;

  std::vector<SliceView*> m_views;
  Links m_links;
  bool m_propagating = false;
};

}  // namespace anomadiff::gui

Q_DECLARE_OPERATORS_FOR_FLAGS(anomadiff::gui::ViewLinker::Links)
