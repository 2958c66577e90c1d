#pragma once

#include "worker/MethodCatalog.h"

#include <QWidget>

class QAbstractSpinBox;
class QComboBox;
class QHBoxLayout;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace anomadiff::gui {

/// One method parameter as a labelled slider with a spin box beside it (a spin box alone for
/// ranges a slider cannot resolve, such as the seed; a combo box for named choices, such as the
/// sampler). Dragging the slider updates the number
/// live; the value is *committed* — and a new job may start — only when the slider is released
/// or the number is entered, so one drag starts one job.
class ParameterControl : public QWidget {
  Q_OBJECT

 public:
  explicit ParameterControl(ParameterDescription description, QWidget* parent = nullptr);

  const ParameterDescription& description() const { return m_description; }
  double value() const;
  /// Clamped to the range (and rounded for integer parameters); emits nothing.
  void setValue(double value);
  QSlider* slider() const { return m_slider; }
  QDoubleSpinBox* spinBox() const { return m_spinBox; }  ///< null for a choice
  QComboBox* choiceBox() const { return m_choiceBox; }   ///< null for a number

 Q_SIGNALS:
  void valueCommitted(const QString& name, double value);

 private:
  void addChoiceBox(QHBoxLayout* row);
  void addNumberEditors(QHBoxLayout* row);
  int sliderPosition(double value) const;
  double valueAt(int position) const;
  void commit();

  ParameterDescription m_description;
  QSlider* m_slider = nullptr;  ///< null when the range is too wide for a slider
  QDoubleSpinBox* m_spinBox = nullptr;
  QComboBox* m_choiceBox = nullptr;
  double m_committed = 0.0;
};

}  // namespace anomadiff::gui
