#include "sweep/SweepPanel.h"

#include "common/Error.h"
#include "sweep/SweepGrid.h"
#include "sweep/SweepRunner.h"
#include "sweep/SweepValueList.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace anomadiff::gui {

namespace {

const QString kDefaultLevels = QStringLiteral("50, 100, 200");
const QString kDefaultScales = QStringLiteral("0, 1, 3");
// A method without scale parameter still needs one column.
constexpr double kPlaceholderScale = 0.0;

}  // namespace

SweepPanel::SweepPanel(SweepRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner) {
  buildLayout();
  connectRunner();
  updateButtons();
}

void SweepPanel::buildLayout() {
  m_levels = new QLineEdit(kDefaultLevels, this);
  m_levels->setObjectName(QStringLiteral("sweepLevels"));
  m_levels->setToolTip(tr("Noise levels L, one row each, separated by commas"));
  m_scales = new QLineEdit(kDefaultScales, this);
  m_scales->setObjectName(QStringLiteral("sweepScales"));
  m_scales->setToolTip(tr("Guidance scales s, one column each, separated by commas"));
  m_start = new QPushButton(tr("Start sweep"), this);
  m_start->setObjectName(QStringLiteral("sweepStart"));
  m_cancel = new QPushButton(tr("Cancel"), this);
  m_cancel->setObjectName(QStringLiteral("sweepCancel"));
  m_status = new QLabel(tr("Choose the values and start the sweep."), this);
  m_status->setObjectName(QStringLiteral("sweepStatus"));
  m_status->setWordWrap(true);
  m_grid = new SweepGrid(this);

  auto* values = new QFormLayout;
  values->addRow(tr("Noise levels L"), m_levels);
  values->addRow(tr("Guidance scales s"), m_scales);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_start);
  buttons->addWidget(m_cancel);
  buttons->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(values);
  layout->addLayout(buttons);
  layout->addWidget(m_status);
  layout->addWidget(m_grid, 1);

  connect(m_start, &QPushButton::clicked, this, &SweepPanel::startSweep);
  connect(m_cancel, &QPushButton::clicked, m_runner, &SweepRunner::cancel);
  connect(m_grid, &SweepGrid::cellChosen, this, &SweepPanel::adoptRequested);
}

void SweepPanel::connectRunner() {
  connect(m_runner, &SweepRunner::cellStarted, this, &SweepPanel::onCellStarted);
  connect(m_runner, &SweepRunner::cellFinished, this,
          [this](int row, int column, const QImage& thumbnail) {
            m_grid->setThumbnail(row, column, thumbnail);
          });
  connect(m_runner, &SweepRunner::cellFailed, this, &SweepPanel::onCellFailed);
  connect(m_runner, &SweepRunner::finished, this, &SweepPanel::onFinished);
  connect(m_runner, &SweepRunner::cancelled, this, &SweepPanel::onCancelled);
  connect(m_runner, &SweepRunner::stopped, this,
          [this](const QString& message) { setStatus(tr("Sweep stopped: %1").arg(message)); });
}

void SweepPanel::setJobTemplate(const SweepRequest& job) {
  m_template = job;
  m_scales->setEnabled(!job.scaleParameter.isEmpty());
}

void SweepPanel::setLevelsText(const QString& text) {
  m_levels->setText(text);
}

void SweepPanel::setScalesText(const QString& text) {
  m_scales->setText(text);
}

void SweepPanel::setCurrentParameters(int level, double scale) {
  m_current = std::pair{level, scale};
  m_grid->setCurrent(level, scale);
}

QString SweepPanel::statusText() const {
  return m_status->text();
}

std::optional<std::pair<std::vector<int>, std::vector<double>>> SweepPanel::parseAxes() {
  try {
    auto levels = SweepValueList::parseLevels(m_levels->text(), tr("Noise levels L"));
    std::vector<double> scales{kPlaceholderScale};
    if (!m_template.scaleParameter.isEmpty()) {
      scales = SweepValueList::parseScales(m_scales->text(), tr("Guidance scales s"));
    }
    return std::pair{std::move(levels), std::move(scales)};
  } catch (const Error& error) {
    setStatus(QString::fromUtf8(error.what()));
    return std::nullopt;
  }
}

bool SweepPanel::startSweep() {
  // First: the template decides whether the scale list is read at all.
  Q_EMIT startRequested();
  if (m_template.input.isEmpty()) {
    setStatus(tr("Open an image first: the sweep runs on the image shown."));
    return false;
  }
  auto axes = parseAxes();
  if (!axes.has_value()) return false;
  SweepRequest request = m_template;
  request.levels = std::move(axes->first);
  request.scales = std::move(axes->second);
  // The grid first: the runner reports its first cell from within start().
  m_grid->setAxes(request.levels, request.scales);
  if (m_current.has_value()) m_grid->setCurrent(m_current->first, m_current->second);
  m_failedCells = 0;
  try {
    m_runner->start(request);
  } catch (const Error& error) {
    setStatus(QString::fromUtf8(error.what()));
    return false;
  }
  updateButtons();
  return true;
}

void SweepPanel::onCellStarted(int row, int column) {
  m_runningCell = std::pair{row, column};
  m_grid->setPending(row, column);
  const SweepRequest& request = m_runner->request();
  const int cell = row * request.columns() + column + 1;
  QString values = tr("L = %1").arg(request.levels[static_cast<std::size_t>(row)]);
  if (!request.scaleParameter.isEmpty()) {
    values += tr(", s = %1").arg(request.scales[static_cast<std::size_t>(column)]);
  }
  setStatus(tr("Running cell %1 of %2: %3 …").arg(cell).arg(request.cellCount()).arg(values));
  updateButtons();
}

void SweepPanel::onCellFailed(int row, int column, const QString& message) {
  ++m_failedCells;
  m_grid->setFailed(row, column, message);
}

void SweepPanel::onFinished() {
  m_runningCell.reset();
  const int cells = m_runner->request().cellCount();
  setStatus(m_failedCells == 0
                ? tr("Sweep done: %1 cells. Click a cell to use its values.").arg(cells)
                : tr("Sweep done: %1 cells, %2 failed (hover for the reason).")
                      .arg(cells)
                      .arg(m_failedCells));
  updateButtons();
}

void SweepPanel::onCancelled() {
  // The grid has no "not run" state for a started cell; failed with the reason says it best.
  if (m_runningCell.has_value()) {
    m_grid->setFailed(m_runningCell->first, m_runningCell->second, tr("cancelled"));
  }
  m_runningCell.reset();
  setStatus(tr("Sweep cancelled."));
  updateButtons();
}

void SweepPanel::setStatus(const QString& text) {
  m_status->setText(text);
}

void SweepPanel::updateButtons() {
  m_cancel->setEnabled(m_runner->isRunning());
}

}  // namespace anomadiff::gui
