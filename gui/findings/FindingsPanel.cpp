#include "findings/FindingsPanel.h"

#include "findings/FindingsModel.h"
#include "report/FindingText.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QTableWidget>
#include <QVBoxLayout>

namespace anomadiff::gui {

namespace {

QString reviewText(const std::string& review) {
  return review.empty() ? FindingsPanel::tr("pending") : QString::fromStdString(review);
}

QColor reviewColour(const std::string& review) {
  if (review == kReviewAccepted) return {20, 140, 40};
  if (review == kReviewRejected) return {120, 120, 120};
  if (review == kReviewAdded) return {0, 120, 170};
  return {170, 120, 0};
}

QTableWidgetItem* numberItem(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

FindingsPanel::FindingsPanel(FindingsModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_table(new QTableWidget(0, ColumnCount, this)) {
  m_table->setHorizontalHeaderLabels({tr("#"), tr("Review"), tr("Score"), tr("Max"),
                                      tr("Size (w×h×d)"), tr("Voxels"), tr("Variance"), tr("mL"),
                                      tr("Where")});
  m_table->horizontalHeaderItem(Where)->setToolTip(
      tr("Atlas regions holding the finding (AAL, Harvard-Oxford, JHU white matter), through "
         "the registration to the template"));
  m_table->horizontalHeaderItem(Variance)->setToolTip(
      tr("Mean ensemble variance inside the finding: high means the model is unsure"));
  m_table->verticalHeader()->hide();
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->installEventFilter(this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_table);

  connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (!m_following && m_model != nullptr) m_model->setCurrentRow(row);
  });
  connect(m_table, &QTableWidget::cellClicked, this, [this](int row) { navigate(row); });
  connect(model, &FindingsModel::modelReset, this, &FindingsPanel::rebuild);
  connect(model, &FindingsModel::boxChanged, this, &FindingsPanel::fillRow);
  connect(model, &FindingsModel::reviewChanged, this, &FindingsPanel::fillRow);
  connect(model, &FindingsModel::findingAdded, this, &FindingsPanel::insertRow);
  connect(model, &FindingsModel::findingRemoved, this, [this](int row) {
    const QSignalBlocker blocker(m_table);
    m_table->removeRow(row);
  });
  connect(model, &FindingsModel::currentRowChanged, this, &FindingsPanel::selectCurrentRow);
  rebuild();
}

QTableWidget* FindingsPanel::table() const {
  return m_table;
}

void FindingsPanel::rebuild() {
  const QSignalBlocker blocker(m_table);
  m_table->setRowCount(m_model->count());
  for (int row = 0; row < m_model->count(); ++row) fillRow(row);
  selectCurrentRow();
}

void FindingsPanel::insertRow(int row) {
  {
    const QSignalBlocker blocker(m_table);
    m_table->insertRow(row);
  }
  fillRow(row);
}

void FindingsPanel::fillRow(int row) {
  if (m_model == nullptr || row < 0 || row >= m_model->count()) return;
  const BoundingBox& box = m_model->finding(row);
  auto* review = new QTableWidgetItem(reviewText(box.review));
  review->setForeground(reviewColour(box.review));
  m_table->setItem(row, Id, numberItem(QString::number(box.id)));
  m_table->setItem(row, Review, review);
  m_table->setItem(row, Score, numberItem(QString::number(box.score, 'g', 3)));
  m_table->setItem(row, MaxScore, numberItem(QString::number(box.maxScore, 'g', 3)));
  m_table->setItem(
      row, Size,
      numberItem(QStringLiteral("%1×%2×%3").arg(box.width).arg(box.height).arg(box.depth)));
  m_table->setItem(row, Area, numberItem(QString::number(box.areaPx)));
  m_table->setItem(row, Variance, numberItem(QString::number(box.meanVariance, 'g', 3)));
  m_table->setItem(row, Volume,
                   numberItem(box.volumeMl > 0.0 ? QString::number(box.volumeMl, 'f', 2) : ""));
  auto* where = new QTableWidgetItem(QString::fromStdString(FindingText::where(box)));
  where->setToolTip(where->text());
  m_table->setItem(row, Where, where);
}

void FindingsPanel::selectCurrentRow() {
  m_following = true;
  const int row = m_model->currentRow();
  if (row < 0) {
    m_table->clearSelection();
    m_table->setCurrentCell(-1, -1);
  } else {
    m_table->selectRow(row);
  }
  m_following = false;
}

void FindingsPanel::navigate(int row) {
  if (m_model == nullptr || row < 0 || row >= m_model->count()) return;
  m_model->setCurrentRow(row);
  Q_EMIT navigateRequested(row);
}

bool FindingsPanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_table && event->type() == QEvent::KeyPress) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if ((key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) ==
            Qt::NoModifier &&
        handleKey(key->key())) {
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

bool FindingsPanel::handleKey(int key) {
  if (m_model == nullptr) return false;
  if (key == Qt::Key_Return || key == Qt::Key_Enter) {
    navigate(m_model->currentRow());
    return true;
  }
  const int target = m_model->rowForNavigationKey(key);
  if (target >= 0) {
    navigate(target);
    return true;
  }
  return m_model->applyReviewKey(key);
}

}  // namespace anomadiff::gui
