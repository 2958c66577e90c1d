#include "panels/ParameterControl.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {
namespace {

// Doubles map onto this many slider positions; integers use one position per value up to it.
constexpr int kSliderPositions = 1000;
// Wider integer ranges (the seed) get a spin box only: a slider step would skip values.
constexpr double kWidestSliderRange = 10000.0;

int decimalsFor(const ParameterDescription& description) {
  if (description.isInteger) return 0;
  const double span = description.maximum - description.minimum;
  return span >= 100.0 ? 1 : span >= 1.0 ? 2 : 3;
}

}  // namespace

ParameterControl::ParameterControl(ParameterDescription description, QWidget* parent)
    : QWidget(parent), m_description(std::move(description)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 2, 0, 2);
  auto* label = new QLabel(QString::fromStdString(m_description.label), this);
  layout->addWidget(label);
  auto* row = new QHBoxLayout;
  layout->addLayout(row);
  if (m_description.choices.empty()) {
    addNumberEditors(row);
  } else {
    addChoiceBox(row);
  }
  QString tip = QString::fromStdString(m_description.help);
  if (m_description.volumeDefault) {
    tip += tr("\nWhole volumes use %1 while this stays at its default %2.")
               .arg(*m_description.volumeDefault)
               .arg(m_description.defaultValue);
  }
  setToolTip(tip);
  setValue(m_description.defaultValue);
}

void ParameterControl::addChoiceBox(QHBoxLayout* row) {
  // Named values (a sampler, a noise kind): the value is the chosen name's index.
  m_choiceBox = new QComboBox(this);
  m_choiceBox->setObjectName(QString::fromStdString(m_description.name) +
                             QStringLiteral("ComboBox"));
  for (const auto& choice : m_description.choices)
    m_choiceBox->addItem(QString::fromStdString(choice));
  row->addWidget(m_choiceBox, 1);
  connect(m_choiceBox, &QComboBox::currentIndexChanged, this, [this] { commit(); });
}

void ParameterControl::addNumberEditors(QHBoxLayout* row) {
  const double span = m_description.maximum - m_description.minimum;
  if (!m_description.isInteger || span <= kWidestSliderRange) {
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, m_description.isInteger ? static_cast<int>(span) : kSliderPositions);
    m_slider->setObjectName(QString::fromStdString(m_description.name) + QStringLiteral("Slider"));
    row->addWidget(m_slider, 1);
  }
  m_spinBox = new QDoubleSpinBox(this);
  m_spinBox->setObjectName(QString::fromStdString(m_description.name) + QStringLiteral("SpinBox"));
  m_spinBox->setRange(m_description.minimum, m_description.maximum);
  m_spinBox->setDecimals(decimalsFor(m_description));
  m_spinBox->setKeyboardTracking(false);
  row->addWidget(m_spinBox);
  if (m_slider != nullptr) {
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
      const QSignalBlocker blocker(m_spinBox);
      m_spinBox->setValue(valueAt(position));
    });
    // Keyboard and page steps change the value without a press/release: commit those at once.
    connect(m_slider, &QSlider::actionTriggered, this, [this] {
      if (!m_slider->isSliderDown())
        QMetaObject::invokeMethod(
            this, [this] { commit(); }, Qt::QueuedConnection);
    });
    connect(m_slider, &QSlider::sliderReleased, this, &ParameterControl::commit);
  }
  connect(m_spinBox, &QDoubleSpinBox::valueChanged, this, [this](double value) {
    if (m_slider != nullptr) {
      const QSignalBlocker blocker(m_slider);
      m_slider->setValue(sliderPosition(value));
    }
    commit();
  });
}

double ParameterControl::value() const {
  return m_choiceBox != nullptr ? m_choiceBox->currentIndex() : m_spinBox->value();
}

void ParameterControl::setValue(double value) {
  value = std::clamp(value, m_description.minimum, m_description.maximum);
  if (m_description.isInteger) value = std::round(value);
  m_committed = value;
  if (m_choiceBox != nullptr) {
    const QSignalBlocker blocker(m_choiceBox);
    m_choiceBox->setCurrentIndex(static_cast<int>(value));
    return;
  }
  const QSignalBlocker spinBlocker(m_spinBox);
  m_spinBox->setValue(value);
  if (m_slider != nullptr) {
    const QSignalBlocker sliderBlocker(m_slider);
    m_slider->setValue(sliderPosition(value));
  }
}

int ParameterControl::sliderPosition(double value) const {
  const double span = m_description.maximum - m_description.minimum;
  if (span <= 0.0) return 0;
  const double fraction = (value - m_description.minimum) / span;
  return static_cast<int>(std::lround(fraction * m_slider->maximum()));
}

double ParameterControl::valueAt(int position) const {
  const double span = m_description.maximum - m_description.minimum;
  const double value = m_description.minimum + span * position / std::max(1, m_slider->maximum());
  return m_description.isInteger ? std::round(value) : value;
}

void ParameterControl::commit() {
  const double current = value();
  if (current == m_committed) return;
  m_committed = current;
  Q_EMIT valueCommitted(QString::fromStdString(m_description.name), current);
}

}  // namespace anomadiff::gui
