#pragma once

#include <QPointer>
#include <QWidget>

class QTableWidget;

namespace anomadiff::gui {

class FindingsModel;

/// The list of findings beside the views: id, review, mean and max score, box size, component
/// voxels and the ensemble variance (the model's confidence). It follows the model live. A click
/// makes a finding current and asks the window to show it; A/R/N/P/Delete act as on the views.
class FindingsPanel : public QWidget {
  Q_OBJECT

 public:
  enum Column { Id, Review, Score, MaxScore, Size, Area, Variance, Volume, Where, ColumnCount };

  explicit FindingsPanel(FindingsModel* model, QWidget* parent = nullptr);

  QTableWidget* table() const;

 Q_SIGNALS:
  void navigateRequested(int row);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void rebuild();
  void fillRow(int row);
  void insertRow(int row);
  void selectCurrentRow();
  void navigate(int row);
  bool handleKey(int key);

  QPointer<FindingsModel> m_model;
  QTableWidget* m_table;
  // Set while the table follows the model, so that selection changes are not echoed back.
  bool m_following = false;
};

}  // namespace anomadiff::gui
