// The parameter panel is built from a method catalog (the worker's "methods" answer): controls
// per parameter with the bundle's defaults, one debounced run request per committed change, and
// the values a request carries.
#include "panels/EtaEstimator.h"
#include "panels/ParameterControl.h"
#include "panels/ParameterPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

using namespace anomadiff::gui;

namespace {

QJsonObject parameter(const QString& name, double minimum, double maximum, double value,
                      bool integer) {
  return {{"name", name},       {"label", name},      {"help", "help of " + name},
          {"minimum", minimum}, {"maximum", maximum}, {"default", value},
          {"integer", integer}};
}

/// Through the protocol's decoder, exactly as the worker's event line reaches the GUI.
MethodCatalog fromJson(QJsonObject event) {
  event["event"] = "methods";
  return MethodCatalog::fromEventLine(
      QJsonDocument(event).toJson(QJsonDocument::Compact).toStdString());
}

MethodCatalog catalog() {
  const QJsonArray ddpm{parameter("noise-level", 1, 999, 250, true),
                        parameter("guidance-scale", 0, 20, 6, false),
                        parameter("seed", 0, 2147483647, 0, true)};
  const QJsonArray intensity{parameter("median", 0, 15, 5, true)};
  return fromJson(
      {{"default_method", "ddim-cg"},
       {"model_name", "test-model"},
       {"methods", QJsonArray{QJsonObject{{"name", "ddim-cg"},
                                          {"summary", "guided"},
                                          {"parameters", ddpm},
                                          {"calibration", QJsonObject{{"fpr_5", 0.04}}}},
                              QJsonObject{{"name", "intensity"}, {"parameters", intensity}}}}});
}

constexpr int kNever = 3'600'000;

/// A zero interval restarts the active timer: the pending run fires at the next event loop turn.
void releasePendingRun(ParameterPanel& panel) {
  QVERIFY(panel.isRunScheduled());
  panel.setDebounceInterval(0);
  QTRY_VERIFY(!panel.isRunScheduled());
  panel.setDebounceInterval(kNever);
}

}  // namespace

class ParameterPanelTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void catalogParsesDefaultsAndCalibration() {
    const auto parsed = catalog();
    QCOMPARE(parsed.defaultMethod(), QString("ddim-cg"));
    QCOMPARE(parsed.modelName(), QString("test-model"));
    QCOMPARE(parsed.methods().size(), std::size_t{2});
    QCOMPARE(parsed.method("ddim-cg")->calibration.at("fpr_5"), 0.04);
    QCOMPARE(parsed.method("ddim-cg")->parameter("noise-level")->defaultValue, 250.0);
    QVERIFY(parsed.method("nothing") == nullptr);
    // An unknown default falls back to the first method rather than an empty panel.
    QCOMPARE(
        fromJson({{"default_method", "gone"}, {"methods", QJsonArray{QJsonObject{{"name", "a"}}}}})
            .defaultMethod(),
        QString("a"));
  }

  void buildsControlsWithTheBundleDefaults() {
    ParameterPanel panel;
    panel.setCatalog(catalog());
    QCOMPARE(panel.method(), QString("ddim-cg"));
    const auto values = panel.parameters();
    QCOMPARE(values["noise-level"].toInteger(), 250);
    QVERIFY(values["noise-level"].isDouble());
    QCOMPARE(values["guidance-scale"].toDouble(), 6.0);
    QVERIFY(panel.control("noise-level")->slider() != nullptr);
    // A 2^31 range would skip seeds on a slider: spin box only.
    QVERIFY(panel.control("seed")->slider() == nullptr);
    QCOMPARE(panel.control("guidance-scale")->toolTip(), QString("help of guidance-scale"));

    QVERIFY(panel.setMethod("intensity"));
    QCOMPARE(panel.parameters().keys(), QStringList{"median"});
    QVERIFY(!panel.setParameter("noise-level", 3));
    QVERIFY(!panel.setMethod("unknown"));
  }

  void aRequestLeavesAVolumeDefaultToTheWorker() {
    QJsonObject ensemble = parameter("ensemble", 1, 64, 5, true);
    ensemble["volume_default"] = 3;
    const auto parsed = fromJson(
        {{"default_method", "ddpm"},
         {"methods", QJsonArray{QJsonObject{
                         {"name", "ddpm"},
                         {"parameters",
                          QJsonArray{parameter("noise-level", 1, 999, 150, true), ensemble}}}}}});
    QCOMPARE(*parsed.method("ddpm")->parameter("ensemble")->volumeDefault, 3.0);
    QVERIFY(!parsed.method("ddpm")->parameter("noise-level")->volumeDefault);
    ParameterPanel panel;
    panel.setCatalog(parsed);
    // At its default, N is left out: a whole volume gets 3, a slice 5 (the worker decides).
    QCOMPARE(panel.parameters()["ensemble"].toInteger(), 5);
    QCOMPARE(panel.requestParameters().keys(), QStringList{"noise-level"});
    QVERIFY(panel.control("ensemble")->toolTip().contains("Whole volumes use 3"));
    // A value the reader chose travels, whatever the image.
    QVERIFY(panel.setParameter("ensemble", 8));
    QCOMPARE(panel.requestParameters()["ensemble"].toInteger(), 8);
  }

  // No race with the clock: the debounce interval is far longer than the test, so "inside the
  // interval" always holds; the pending run is then released by a zero interval.
  void aSliderDragStartsOneDebouncedRun() {
    ParameterPanel panel;
    panel.setDebounceInterval(kNever);
    panel.setCatalog(catalog());
    panel.resize(300, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy runs(&panel, &ParameterPanel::runRequested);
    QSlider* slider = panel.control("noise-level")->slider();
    // A drag: pressed, many values, released — only the release commits.
    slider->setSliderDown(true);
    for (int position = 300; position <= 400; position += 20) slider->setSliderPosition(position);
    QCOMPARE(panel.parameters()["noise-level"].toInteger(), 401);  // minimum 1 + position 400
    QVERIFY(!panel.isRunScheduled());
    slider->setSliderDown(false);
    QVERIFY(panel.isRunScheduled());
    QCOMPARE(runs.count(), 0);
    releasePendingRun(panel);
    QTRY_COMPARE(runs.count(), 1);
    QVERIFY(!panel.isRunScheduled());

    // Two edits inside the debounce interval: one run, with the last value.
    panel.control("guidance-scale")->spinBox()->setValue(2.5);
    panel.control("guidance-scale")->spinBox()->setValue(3.5);
    QCOMPARE(runs.count(), 1);
    releasePendingRun(panel);
    QTRY_COMPARE(runs.count(), 2);
    QVERIFY(!panel.isRunScheduled());
    QCOMPARE(panel.parameters()["guidance-scale"].toDouble(), 3.5);

    // Programmatic changes (a sweep cell adopted) start nothing; nor does anything without
    // auto-run.
    QVERIFY(panel.setParameter("guidance-scale", 99));
    QCOMPARE(panel.parameters()["guidance-scale"].toDouble(), 20.0);  // clamped to the range
    QVERIFY(!panel.isRunScheduled());
    panel.setAutoRun(false);
    panel.control("guidance-scale")->spinBox()->setValue(1.0);
    QVERIFY(!panel.isRunScheduled());
    QCOMPARE(runs.count(), 2);
  }

  // A parameter with named choices (the sampler) is a combo box whose index is the value.
  void aChoiceIsAComboBoxCarryingItsIndex() {
    QJsonObject sampler = parameter("sampler", 0, 3, 0, true);
    sampler["choices"] = QJsonArray{"ddim", "ddpm", "heun", "dpm-solver-2"};
    ParameterPanel panel;
    panel.setDebounceInterval(kNever);
    panel.setCatalog(fromJson(
        {{"default_method", "ddpm"},
         {"methods",
          QJsonArray{QJsonObject{{"name", "ddpm"}, {"parameters", QJsonArray{sampler}}}}}}));
    auto* control = panel.control("sampler");
    QVERIFY(control != nullptr && control->choiceBox() != nullptr);
    QVERIFY(control->spinBox() == nullptr && control->slider() == nullptr);
    QCOMPARE(control->choiceBox()->count(), 4);
    QCOMPARE(control->choiceBox()->itemText(3), QString("dpm-solver-2"));
    QCOMPARE(panel.parameters()["sampler"].toInteger(), 0);
    control->choiceBox()->setCurrentIndex(3);
    QCOMPARE(panel.parameters()["sampler"].toInteger(), 3);
    QVERIFY(panel.isRunScheduled());            // choosing commits, like releasing a slider
    QVERIFY(panel.setParameter("sampler", 1));  // a session or sweep restores an index
    QCOMPARE(control->choiceBox()->currentText(), QString("ddpm"));
  }

  void etaFollowsTheRateSinceTheFirstReport() {
    EtaEstimator eta;
    eta.start();
    QVERIFY(!eta.update(5, 30, 4.0));  // the first report (model load, cached encode) sets zero
    const auto left = eta.update(10, 30, 6.0);  // 5 units in 2 s → 20 units take 8 s
    QVERIFY(left.has_value());
    QCOMPARE(*left, 8.0);
    QCOMPARE(EtaEstimator::format(8.4), QString("8 s"));
    QCOMPARE(EtaEstimator::format(185), QString("3 min 5 s"));
  }
};

QTEST_MAIN(ParameterPanelTest)
#include "ParameterPanelTest.moc"
