#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace anomadiff::gui {

class ComparisonView;
class FourUpView;

/// The window's centre: a banner for what the reader must doubt (a poor registration, a raw scan
/// without template — the scan intake's warnings), above one of two layouts of the same data:
/// the comparison (input | pseudo-healthy | overlay) or the four-up (axial, coronal, sagittal,
/// 3D), as ITK-SNAP and 3D Slicer offer.
class CentralArea : public QWidget {
  Q_OBJECT

 public:
  enum class Layout { Comparison, FourUp };

  explicit CentralArea(QWidget* parent = nullptr);

  ComparisonView* comparison() const { return m_comparison; }
  FourUpView* fourUp() const { return m_fourUp; }

  void setLayout(Layout layout);
  Layout layout() const;

  /// Shows the banner with one line per warning; an empty list hides it.
  void setWarnings(const QStringList& warnings);
  QString bannerText() const;
  bool bannerVisible() const;

 Q_SIGNALS:
  void layoutChanged(anomadiff::gui::CentralArea::Layout layout);

 private:
  QLabel* m_banner = nullptr;
  QStackedWidget* m_stack = nullptr;
  ComparisonView* m_comparison = nullptr;
  FourUpView* m_fourUp = nullptr;
};

}  // namespace anomadiff::gui
