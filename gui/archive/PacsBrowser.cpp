#include "archive/PacsBrowser.h"

#include "pacs/PacsConnection.h"

#include <QDir>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <memory>

namespace anomadiff::gui {
namespace {

QTableWidget* table(const QStringList& headers) {
  auto* widget = new QTableWidget(0, int(headers.size()));
  widget->setHorizontalHeaderLabels(headers);
  widget->setSelectionBehavior(QAbstractItemView::SelectRows);
  widget->setSelectionMode(QAbstractItemView::SingleSelection);
  widget->setEditTriggers(QAbstractItemView::NoEditTriggers);
  widget->horizontalHeader()->setStretchLastSection(true);
  return widget;
}

void fill(QTableWidget* widget, int row, const QStringList& cells) {
  for (int column = 0; column < cells.size(); ++column) {
    widget->setItem(row, column, new QTableWidgetItem(cells[column]));
  }
}

QString text(const std::string& value) {
  return QString::fromStdString(value);
}

}  // namespace

PacsBrowser::PacsBrowser(PacsSettings settings, QString downloadRoot, QWidget* parent)
    : QDialog(parent),
      m_settings(std::move(settings)),
      m_downloadRoot(std::move(downloadRoot)),
      m_patientName(new QLineEdit),
      m_patientId(new QLineEdit),
      m_studyDate(new QLineEdit),
      m_searchButton(new QPushButton(tr("&Search"))),
      m_openButton(new QPushButton(tr("&Open Series"))),
      m_studies(table({tr("Patient"), tr("ID"), tr("Date"), tr("Description"), tr("Modalities")})),
      m_series(table({tr("Modality"), tr("Number"), tr("Description"), tr("Images")})),
      m_busy(new QProgressBar),
      m_status(new QLabel),
      m_progressPoll(new QTimer(this)) {
  setWindowTitle(tr("Open from PACS — %1").arg(text(m_settings.serverName())));
  m_patientName->setPlaceholderText(tr("e.g. Smith* (wildcards * ?)"));
  m_studyDate->setPlaceholderText(tr("YYYYMMDD or YYYYMMDD-YYYYMMDD"));
  auto* fields = new QFormLayout;
  fields->addRow(tr("Patient name"), m_patientName);
  fields->addRow(tr("Patient ID"), m_patientId);
  fields->addRow(tr("Study date"), m_studyDate);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_searchButton);
  buttons->addStretch();
  buttons->addWidget(m_openButton);
  m_busy->hide();
  m_progressPoll->setInterval(100);
  connect(m_progressPoll, &QTimer::timeout, this, &PacsBrowser::showRetrieveProgress);
  m_status->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(fields);
  layout->addWidget(m_studies, 2);
  layout->addWidget(m_series, 1);
  layout->addWidget(m_busy);
  layout->addWidget(m_status);
  layout->addLayout(buttons);
  m_openButton->setEnabled(false);
  connect(m_searchButton, &QPushButton::clicked, this, &PacsBrowser::search);
  connect(m_patientName, &QLineEdit::returnPressed, this, &PacsBrowser::search);
  connect(m_openButton, &QPushButton::clicked, this, &PacsBrowser::retrieveSelected);
  connect(m_studies, &QTableWidget::itemSelectionChanged, this, &PacsBrowser::listSeries);
  connect(m_series, &QTableWidget::itemSelectionChanged, this,
          [this] { m_openButton->setEnabled(!m_series->selectedItems().isEmpty()); });
  connect(m_series, &QTableWidget::cellDoubleClicked, this, &PacsBrowser::retrieveSelected);
  resize(760, 560);
}

QString PacsBrowser::status() const {
  return m_status->text();
}

void PacsBrowser::setBusy(bool busy, const QString& message) {
  m_busy->setRange(0, 0);  // searches report no progress: a busy bar
  m_busy->setVisible(busy);
  if (!busy) m_progressPoll->stop();  // a failed retrieve leaves nothing to poll
  m_searchButton->setEnabled(!busy);
  m_openButton->setEnabled(!busy && !m_series->selectedItems().isEmpty());
  m_status->setText(message);
}

void PacsBrowser::runInBackground(const QString& what, std::function<void()> job,
                                  std::function<void()> done) {
  setBusy(true, what);
  auto error = std::make_shared<QString>();
  auto* watcher = new QFutureWatcher<void>(this);
  connect(watcher, &QFutureWatcher<void>::finished, this, [=, this] {
    watcher->deleteLater();
    setBusy(false, *error);
    if (error->isEmpty()) {
      done();
    } else {
      Q_EMIT failed(*error);
    }
  });
  watcher->setFuture(QtConcurrent::run([job = std::move(job), error] {
    try {
      job();
    } catch (const std::exception& exception) {
      *error = QString::fromUtf8(exception.what());
    }
  }));
}

void PacsBrowser::search() {
  PacsQuery query{m_patientName->text().trimmed().toStdString(),
                  m_patientId->text().trimmed().toStdString(),
                  m_studyDate->text().trimmed().toStdString(), ""};
  auto found = std::make_shared<std::vector<PacsStudy>>();
  m_series->setRowCount(0);
  runInBackground(
      tr("Searching…"),
      [settings = m_settings, query, found] {
        *found = PacsConnection::open(settings)->findStudies(query);
      },
      [this, found] {
        m_foundStudies = *found;
        m_studies->setRowCount(int(m_foundStudies.size()));
        for (int row = 0; row < int(m_foundStudies.size()); ++row) {
          const PacsStudy& study = m_foundStudies[std::size_t(row)];
          fill(m_studies, row,
               {text(study.patientName), text(study.patientId), text(study.studyDate),
                text(study.studyDescription), text(study.modalities)});
        }
        m_studies->resizeColumnsToContents();
        m_status->setText(tr("%n study(ies) found", nullptr, int(m_foundStudies.size())));
        Q_EMIT studiesListed(int(m_foundStudies.size()));
      });
}

void PacsBrowser::listSeries() {
  const auto rows = m_studies->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  const std::string study = m_foundStudies.at(std::size_t(rows.first().row())).studyInstanceUid;
  auto found = std::make_shared<std::vector<PacsSeries>>();
  runInBackground(
      tr("Listing the study's series…"),
      [settings = m_settings, study, found] {
        *found = PacsConnection::open(settings)->findSeries(study);
      },
      [this, found, study] {
        m_foundSeries = *found;
        m_series->setRowCount(int(m_foundSeries.size()));
        for (int row = 0; row < int(m_foundSeries.size()); ++row) {
          const PacsSeries& series = m_foundSeries[std::size_t(row)];
          fill(m_series, row,
               {text(series.modality), text(series.seriesNumber), text(series.seriesDescription),
                QString::number(series.instances)});
        }
        Q_EMIT seriesListed(int(m_foundSeries.size()));
        loadThumbnails(study);
      });
}

void PacsBrowser::loadThumbnails(const std::string& study) {
  auto pictures = std::make_shared<std::vector<QByteArray>>();
  auto* watcher = new QFutureWatcher<void>(this);
  connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, pictures] {
    watcher->deleteLater();
    int shown = 0;
    for (std::size_t row = 0; row < pictures->size() && int(row) < m_series->rowCount(); ++row) {
      QPixmap picture;
      if (!picture.loadFromData((*pictures)[row])) continue;
      m_series->item(int(row), 0)->setIcon(QIcon(picture));
      ++shown;
    }
    if (shown > 0) {
      m_series->setIconSize(QSize(48, 48));
      m_series->verticalHeader()->setDefaultSectionSize(52);
      m_series->resizeColumnToContents(0);
    }
    Q_EMIT thumbnailsShown(shown);
  });
  watcher->setFuture(
      QtConcurrent::run([settings = m_settings, study, series = m_foundSeries, pictures] {
        try {
          const auto connection = PacsConnection::open(settings);
          for (const auto& one : series) {
            pictures->push_back(connection->seriesThumbnail(study, one.seriesInstanceUid));
          }
        } catch (const std::exception&) {
          // thumbnails are a convenience: the series list already shows what matters
        }
      }));
}

void PacsBrowser::retrieveSelected() {
  const auto studyRows = m_studies->selectionModel()->selectedRows();
  const auto seriesRows = m_series->selectionModel()->selectedRows();
  if (studyRows.isEmpty() || seriesRows.isEmpty()) return;
  const PacsStudy study = m_foundStudies.at(std::size_t(studyRows.first().row()));
  const PacsSeries series = m_foundSeries.at(std::size_t(seriesRows.first().row()));
  const QString folder = QDir(m_downloadRoot).filePath(text(series.seriesInstanceUid));
  const auto finish = [this, folder] {
    m_retrieved = folder;
    Q_EMIT retrieved(folder);
    accept();
  };
  if (QDir(folder).exists() && !QDir(folder).isEmpty()) {  // retrieved before: all or nothing
    finish();
    return;
  }
  QDir().mkpath(m_downloadRoot);
  auto count = std::make_shared<RetrieveCount>();
  count->expected = series.instances;
  runInBackground(
      tr("Retrieving %n image(s)…", nullptr, series.instances),
      [settings = m_settings, study, series, folder, count] {
        PacsConnection::open(settings)->retrieveSeries(
            study.studyInstanceUid, series.seriesInstanceUid, folder.toStdString(),
            [count](int received, int expected) {
              count->received = received;
              if (expected > 0) count->expected = expected;
            });
      },
      [this, finish] {
        showRetrieveProgress();  // the last images may have come after the last poll
        finish();
      });
  m_retrieveCount = count;
  m_shownReceived = -1;
  m_progressPoll->start();
  showRetrieveProgress();
}

void PacsBrowser::showRetrieveProgress() {
  if (!m_retrieveCount) return;
  const int received = m_retrieveCount->received;
  const int expected = std::max(m_retrieveCount->expected.load(), received);
  if (received == m_shownReceived) return;
  m_shownReceived = received;
  m_busy->setRange(0, std::max(expected, 1));
  m_busy->setValue(received);
  m_busy->setFormat(tr("%1 of %2 images").arg(received).arg(expected));
  m_status->setText(tr("Retrieving: %1 of %2 images received").arg(received).arg(expected));
  Q_EMIT retrieveProgress(received, expected);
}

}  // namespace anomadiff::gui
