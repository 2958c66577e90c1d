#include "panels/ParameterPanel.h"

#include "panels/ParameterControl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace anomadiff::gui {
namespace {

// Long enough to swallow a burst of key presses, short enough to feel immediate.
constexpr int kDefaultDebounceMs = 350;

}  // namespace

ParameterPanel::ParameterPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  m_methodBox = new QComboBox(this);
  m_methodBox->setObjectName(QStringLiteral("methodBox"));
  m_methodBox->setToolTip(tr("Localization method (the bundle's default is preselected)"));
  layout->addWidget(new QLabel(tr("Method"), this));
  layout->addWidget(m_methodBox);
  m_summary = new QLabel(this);
  m_summary->setWordWrap(true);
  m_summary->setStyleSheet(QStringLiteral("color: palette(mid);"));
  layout->addWidget(m_summary);

  m_controlsLayout = new QVBoxLayout;
  layout->addLayout(m_controlsLayout);

  auto* form = new QFormLayout;
  m_thresholdBox = new QComboBox(this);
  m_thresholdBox->addItem(tr("Calibrated, 5 % healthy FPR"), QStringLiteral("auto"));
  m_thresholdBox->addItem(tr("Calibrated, 1 % healthy FPR"), QStringLiteral("fpr1"));
  m_thresholdBox->addItem(tr("Otsu"), QStringLiteral("otsu"));
  m_thresholdBox->setToolTip(
      tr("Anomaly threshold for the mask and boxes; calibrated values come from healthy slices"));
  form->addRow(tr("Threshold"), m_thresholdBox);
  layout->addLayout(form);

  m_autoRun = new QCheckBox(tr("Run when a value changes"), this);
  m_autoRun->setChecked(true);
  layout->addWidget(m_autoRun);
  m_runButton = new QPushButton(tr("Run"), this);
  m_runButton->setObjectName(QStringLiteral("runButton"));
  m_runButton->setToolTip(tr("Localize anomalies in the open image (Ctrl+R)"));
  layout->addWidget(m_runButton);
  layout->addStretch(1);

  m_debounce = new QTimer(this);
  m_debounce->setSingleShot(true);
  m_debounce->setInterval(kDefaultDebounceMs);
  connect(m_debounce, &QTimer::timeout, this, &ParameterPanel::runRequested);
  connect(m_runButton, &QPushButton::clicked, this, [this] {
    m_debounce->stop();
    Q_EMIT runRequested();
  });
  connect(m_methodBox, &QComboBox::currentIndexChanged, this, [this] {
    rebuildControls();
    Q_EMIT methodChanged(method());
  });
  connect(m_thresholdBox, &QComboBox::currentIndexChanged, this, &ParameterPanel::scheduleRun);
}

void ParameterPanel::setCatalog(const MethodCatalog& catalog) {
  m_catalog = catalog;
  const QSignalBlocker blocker(m_methodBox);
  m_methodBox->clear();
  for (const auto& method : m_catalog.methods()) {
    m_methodBox->addItem(QString::fromStdString(method.name));
    m_methodBox->setItemData(m_methodBox->count() - 1, QString::fromStdString(method.summary),
                             Qt::ToolTipRole);
  }
  m_methodBox->setCurrentText(m_catalog.defaultMethod());
  rebuildControls();
  Q_EMIT methodChanged(method());
}

QString ParameterPanel::method() const {
  return m_methodBox->currentText();
}

bool ParameterPanel::setMethod(const QString& name) {
  const int index = m_methodBox->findText(name);
  if (index < 0) return false;
  m_methodBox->setCurrentIndex(index);
  return true;
}

void ParameterPanel::rebuildControls() {
  for (auto* control : m_controls) control->deleteLater();
  m_controls.clear();
  const MethodDescription* description = m_catalog.method(method());
  m_summary->setText(description != nullptr ? QString::fromStdString(description->summary)
                                            : QString());
  if (description == nullptr) return;
  for (const auto& parameter : description->parameters) {
    auto* control = new ParameterControl(parameter, this);
    connect(control, &ParameterControl::valueCommitted, this, &ParameterPanel::scheduleRun);
    m_controlsLayout->addWidget(control);
    m_controls.push_back(control);
  }
}

QJsonObject ParameterPanel::parameters() const {
  QJsonObject values;
  for (const auto* control : m_controls) {
    const double value = control->value();
    // Integers travel as JSON integers so the worker's integer checks see whole numbers.
    values[QString::fromStdString(control->description().name)] =
        control->description().isInteger ? QJsonValue(static_cast<qint64>(std::llround(value)))
                                         : QJsonValue(value);
  }
  return values;
}

QJsonObject ParameterPanel::requestParameters() const {
  QJsonObject values = parameters();
  for (const auto* control : m_controls) {
    const auto& description = control->description();
    if (description.volumeDefault && control->value() == description.defaultValue) {
      values.remove(QString::fromStdString(description.name));
    }
  }
  return values;
}

ParameterControl* ParameterPanel::control(const QString& name) const {
  for (auto* control : m_controls) {
    if (control->description().name == name.toStdString()) return control;
  }
  return nullptr;
}

bool ParameterPanel::setParameter(const QString& name, double value) {
  auto* found = control(name);
  if (found == nullptr) return false;
  found->setValue(value);
  return true;
}

QString ParameterPanel::threshold() const {
  return m_thresholdBox->currentData().toString();
}

bool ParameterPanel::autoRun() const {
  return m_autoRun->isChecked();
}

void ParameterPanel::setAutoRun(bool enabled) {
  m_autoRun->setChecked(enabled);
}

void ParameterPanel::setDebounceInterval(int milliseconds) {
  m_debounce->setInterval(milliseconds);
}

bool ParameterPanel::isRunScheduled() const {
  return m_debounce->isActive();
}

void ParameterPanel::scheduleRun() {
  if (autoRun()) m_debounce->start();
}

}  // namespace anomadiff::gui
