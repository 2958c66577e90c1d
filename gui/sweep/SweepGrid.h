#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

namespace anomadiff::gui {

/// The parameter sweep as a table of thumbnails: one row per noise level L, one column per
/// guidance scale s, with the values as row and column headers. Each cell is empty, pending (its
/// job runs), done (a thumbnail) or failed (the error). Clicking a cell chooses its parameters;
/// the cell of the current parameters is outlined. Only the widget: whoever runs the jobs fills
/// the cells.
class SweepGrid : public QWidget {
  Q_OBJECT

 public:
  enum class CellState { Empty, Pending, Done, Failed };
  struct CellIndex {
    int row = 0;
    int column = 0;
    bool operator==(const CellIndex&) const = default;
  };

  explicit SweepGrid(QWidget* parent = nullptr);

  /// Sets the rows (levels) and columns (scales); every cell starts empty, nothing is current.
  void setAxes(std::vector<int> levels, std::vector<double> scales);
  const std::vector<int>& levels() const { return m_levels; }
  const std::vector<double>& scales() const { return m_scales; }

  /// Each throws InvalidArgument when (row, column) is outside the axes.
  void setThumbnail(int row, int column, const QImage& thumbnail);
  void setPending(int row, int column);
  void setFailed(int row, int column, const QString& message);
  CellState cellState(int row, int column) const;

  /// Empties every cell; the axes and the current cell stay.
  void clear();

  /// Outlines the cell of these parameters; values not on the axes outline none.
  void setCurrent(int level, double scale);
  /// The cell outlined, if any.
  std::optional<CellIndex> currentCell() const { return m_current; }

  /// Where a cell is drawn, in widget coordinates (for tooltips, tests and hit testing).
  QRect cellRect(int row, int column) const;

  QSize sizeHint() const override;

 Q_SIGNALS:
  /// A cell was clicked: the user wants these parameters.
  void cellChosen(int level, double scale);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Cell {
    CellState state = CellState::Empty;
    QImage thumbnail;
    QString message;
  };

  Cell& cellAt(int row, int column);
  const Cell& cellAt(int row, int column) const;
  std::size_t indexOf(int row, int column) const;
  std::optional<CellIndex> cellUnder(QPoint position) const;
  QSizeF cellSize() const;
  void paintHeaders(QPainter& painter) const;
  void paintCell(QPainter& painter, int row, int column) const;

  std::vector<int> m_levels;
  std::vector<double> m_scales;
  std::vector<Cell> m_cells;  // row-major
  std::optional<CellIndex> m_current;
};

}  // namespace anomadiff::gui
