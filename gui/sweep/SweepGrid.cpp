#include "sweep/SweepGrid.h"

#include "common/Error.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <string>

namespace anomadiff::gui {

namespace {

constexpr int kRowHeaderWidth = 64;
constexpr int kColumnHeaderHeight = 24;
constexpr int kGap = 4;
constexpr int kCurrentPenWidth = 3;
constexpr int kTextMargin = 4;
// Preferred thumbnail side for sizeHint; the cells grow and shrink with the widget.
constexpr int kPreferredCellSide = 96;

const QColor kCellFill(32, 32, 32);
const QColor kFailedFill(70, 24, 24);
const QColor kPendingText(170, 170, 170);
const QColor kFailedText(255, 150, 140);
const QColor kCurrentOutline(255, 200, 40);

QString levelText(int level) {
  return QStringLiteral("L = %1").arg(level);
}

QString scaleText(double scale) {
  return QStringLiteral("s = %1").arg(scale, 0, 'g', 4);
}

// Scales come back from spin boxes and JSON as doubles: compare with a relative tolerance.
bool sameScale(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

}  // namespace

SweepGrid::SweepGrid(QWidget* parent) : QWidget(parent) {
  setMouseTracking(false);
  setMinimumSize(kRowHeaderWidth + 2 * kGap + 32, kColumnHeaderHeight + 2 * kGap + 32);
}

void SweepGrid::setAxes(std::vector<int> levels, std::vector<double> scales) {
  m_levels = std::move(levels);
  m_scales = std::move(scales);
  m_cells.assign(m_levels.size() * m_scales.size(), Cell{});
  m_current.reset();
  updateGeometry();
  update();
}

void SweepGrid::setThumbnail(int row, int column, const QImage& thumbnail) {
  Cell& cell = cellAt(row, column);
  cell.state = CellState::Done;
  cell.thumbnail = thumbnail;
  cell.message.clear();
  update(cellRect(row, column));
}

void SweepGrid::setPending(int row, int column) {
  Cell& cell = cellAt(row, column);
  cell = Cell{};
  cell.state = CellState::Pending;
  update(cellRect(row, column));
}

void SweepGrid::setFailed(int row, int column, const QString& message) {
  Cell& cell = cellAt(row, column);
  cell = Cell{};
  cell.state = CellState::Failed;
  cell.message = message;
  update(cellRect(row, column));
}

SweepGrid::CellState SweepGrid::cellState(int row, int column) const {
  return cellAt(row, column).state;
}

void SweepGrid::clear() {
  std::fill(m_cells.begin(), m_cells.end(), Cell{});
  update();
}

void SweepGrid::setCurrent(int level, double scale) {
  m_current.reset();
  const auto levelIt = std::find(m_levels.begin(), m_levels.end(), level);
  const auto scaleIt = std::find_if(m_scales.begin(), m_scales.end(),
                                    [scale](double s) { return sameScale(s, scale); });
  if (levelIt != m_levels.end() && scaleIt != m_scales.end()) {
    m_current = CellIndex{static_cast<int>(levelIt - m_levels.begin()),
                          static_cast<int>(scaleIt - m_scales.begin())};
  }
  update();
}

QRect SweepGrid::cellRect(int row, int column) const {
  const QSizeF size = cellSize();
  const double x = kRowHeaderWidth + kGap + column * (size.width() + kGap);
  const double y = kColumnHeaderHeight + kGap + row * (size.height() + kGap);
  return QRectF(QPointF(x, y), size).toAlignedRect();
}

QSize SweepGrid::sizeHint() const {
  const auto columns = static_cast<int>(std::max<std::size_t>(m_scales.size(), 1));
  const auto rows = static_cast<int>(std::max<std::size_t>(m_levels.size(), 1));
  return {kRowHeaderWidth + kGap + columns * (kPreferredCellSide + kGap),
          kColumnHeaderHeight + kGap + rows * (kPreferredCellSide + kGap)};
}

void SweepGrid::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  paintHeaders(painter);
  for (int row = 0; row < static_cast<int>(m_levels.size()); ++row) {
    for (int column = 0; column < static_cast<int>(m_scales.size()); ++column) {
      paintCell(painter, row, column);
    }
  }
}

void SweepGrid::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) {
    QWidget::mouseReleaseEvent(event);
    return;
  }
  const std::optional<CellIndex> cell = cellUnder(event->position().toPoint());
  if (cell.has_value()) {
    Q_EMIT cellChosen(m_levels[static_cast<std::size_t>(cell->row)],
                      m_scales[static_cast<std::size_t>(cell->column)]);
  }
}

bool SweepGrid::event(QEvent* event) {
  if (event->type() != QEvent::ToolTip) {
    return QWidget::event(event);
  }
  // The cell shows as much of an error as fits; the tooltip has all of it.
  const auto* help = static_cast<QHelpEvent*>(event);
  const std::optional<CellIndex> cell = cellUnder(help->pos());
  if (!cell.has_value()) {
    QToolTip::hideText();
    event->ignore();
    return true;
  }
  QString text = levelText(m_levels[static_cast<std::size_t>(cell->row)]) + QStringLiteral(", ") +
                 scaleText(m_scales[static_cast<std::size_t>(cell->column)]);
  const Cell& state = cellAt(cell->row, cell->column);
  if (state.state == CellState::Failed) {
    text += QStringLiteral("\n") + state.message;
  }
  QToolTip::showText(help->globalPos(), text, this, cellRect(cell->row, cell->column));
  return true;
}

std::size_t SweepGrid::indexOf(int row, int column) const {
  if (row < 0 || column < 0 || static_cast<std::size_t>(row) >= m_levels.size() ||
      static_cast<std::size_t>(column) >= m_scales.size()) {
    throw InvalidArgument("SweepGrid: cell (" + std::to_string(row) + ", " +
                          std::to_string(column) + ") is outside the " +
                          std::to_string(m_levels.size()) + " x " +
                          std::to_string(m_scales.size()) + " grid");
  }
  return static_cast<std::size_t>(row) * m_scales.size() + static_cast<std::size_t>(column);
}

SweepGrid::Cell& SweepGrid::cellAt(int row, int column) {
  return m_cells[indexOf(row, column)];
}

const SweepGrid::Cell& SweepGrid::cellAt(int row, int column) const {
  return m_cells[indexOf(row, column)];
}

std::optional<SweepGrid::CellIndex> SweepGrid::cellUnder(QPoint position) const {
  for (int row = 0; row < static_cast<int>(m_levels.size()); ++row) {
    for (int column = 0; column < static_cast<int>(m_scales.size()); ++column) {
      if (cellRect(row, column).contains(position)) {
        return CellIndex{row, column};
      }
    }
  }
  return std::nullopt;
}

QSizeF SweepGrid::cellSize() const {
  const auto columns = static_cast<double>(std::max<std::size_t>(m_scales.size(), 1));
  const auto rows = static_cast<double>(std::max<std::size_t>(m_levels.size(), 1));
  const double cellWidth = (width() - kRowHeaderWidth - kGap) / columns - kGap;
  const double cellHeight = (height() - kColumnHeaderHeight - kGap) / rows - kGap;
  return {std::max(cellWidth, 1.0), std::max(cellHeight, 1.0)};
}

void SweepGrid::paintHeaders(QPainter& painter) const {
  painter.setPen(palette().color(QPalette::WindowText));
  for (int row = 0; row < static_cast<int>(m_levels.size()); ++row) {
    const QRect cell = cellRect(row, 0);
    const QRect header(0, cell.top(), kRowHeaderWidth, cell.height());
    painter.drawText(header, Qt::AlignCenter, levelText(m_levels[static_cast<std::size_t>(row)]));
  }
  for (int column = 0; column < static_cast<int>(m_scales.size()); ++column) {
    const QRect cell = cellRect(0, column);
    const QRect header(cell.left(), 0, cell.width(), kColumnHeaderHeight);
    painter.drawText(header, Qt::AlignCenter,
                     scaleText(m_scales[static_cast<std::size_t>(column)]));
  }
}

void SweepGrid::paintCell(QPainter& painter, int row, int column) const {
  const QRect area = cellRect(row, column);
  const Cell& cell = cellAt(row, column);
  painter.fillRect(area, cell.state == CellState::Failed ? kFailedFill : kCellFill);
  const QRect inner = area.adjusted(kTextMargin, kTextMargin, -kTextMargin, -kTextMargin);
  switch (cell.state) {
    case CellState::Empty:
      break;
    case CellState::Pending:
      painter.setPen(kPendingText);
      painter.drawText(inner, Qt::AlignCenter | Qt::TextWordWrap, tr("running…"));
      break;
    case CellState::Done: {
      // Aspect kept: a squeezed anomaly map would misplace what the user compares.
      const QSize fitted = cell.thumbnail.size().scaled(area.size(), Qt::KeepAspectRatio);
      QRect target(QPoint(), fitted);
      target.moveCenter(area.center());
      painter.drawImage(target, cell.thumbnail);
      break;
    }
    case CellState::Failed:
      painter.setPen(kFailedText);
      // A long error must not spill into the neighbours; the tooltip has all of it.
      painter.save();
      painter.setClipRect(inner);
      painter.drawText(inner, Qt::AlignCenter | Qt::TextWordWrap,
                       tr("failed: %1").arg(cell.message));
      painter.restore();
      break;
  }
  if (m_current == CellIndex{row, column}) {
    painter.setPen(QPen(kCurrentOutline, kCurrentPenWidth));
    painter.setBrush(Qt::NoBrush);
    const int inset = kCurrentPenWidth / 2;
    painter.drawRect(area.adjusted(inset, inset, -inset - 1, -inset - 1));
  }
}

}  // namespace anomadiff::gui
