#include "ErrorOf.h"
#include "common/Error.h"
#include "run/MethodSetup.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace anomadiff;
using namespace anomadiff::run;
using anomadiff::test::errorOf;
using nlohmann::json;

namespace {

std::filesystem::path writeBundle(const QTemporaryDir& dir, const json& description) {
  const std::filesystem::path folder = dir.path().toStdString();
  std::ofstream(folder / "model.json") << description.dump();
  return folder;
}

}  // namespace

class MethodSetupTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void settingsSplitIntoNumbersAndNames() {
    MethodRequest request;
    request.addSetting("noise-level=250");
    request.addSetting("sampler=heun");
    request.addSetting("score=1e-1");
    QCOMPARE(request.given.get("noise-level"), 250.0);
    QCOMPARE(request.given.get("score"), 0.1);
    QCOMPARE(request.named.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(request.named[0].second), QString("heun"));
    for (const char* bad : {"noise-level", "=3", ""}) {
      QVERIFY2(errorOf([&] { request.addSetting(bad); }).contains("is not NAME=VALUE"), bad);
    }
  }

  void choiceNamesBecomeIndices() {
    const std::vector<ParameterSpec> specs = {
        ParameterSpec::choice("sampler", "Sampler", "", {"ddim", "ddpm", "heun"})};
    QCOMPARE(MethodSetup::choiceValue(specs, "sampler", "heun"), 2.0);
    QVERIFY(errorOf([&] {
              MethodSetup::choiceValue(specs, "sampler", "euler");
            }).contains("one of ddim, ddpm, heun"));
    QVERIFY(errorOf([&] {
              MethodSetup::choiceValue(specs, "encoder", "ddim");
            }).contains("unknown parameter 'encoder'"));
  }

  void storedDefaultsAreReadPerMethod() {
    const json description = {
        {"default_parameters", {{"ddpm", {{"noise-level", 300}, {"ensemble", 4}}}}},
        {"volume_parameters", {{"ddpm", {{"ensemble", 2}}}}}};
    const auto defaults = MethodSetup::bundleDefaults(description, "ddpm");
    QCOMPARE(defaults.get("noise-level"), 300.0);
    QCOMPARE(MethodSetup::volumeDefaults(description, "ddpm").get("ensemble"), 2.0);
    QVERIFY(MethodSetup::bundleDefaults(description, "thor").values().empty());
    const json broken = {{"default_parameters", {{"ddpm", {{"noise-level", "high"}}}}}};
    QVERIFY(errorOf([&] {
              MethodSetup::bundleDefaults(broken, "ddpm");
            }).contains("'noise-level' is not a number"));
  }

  void prepareTakesTheBundlesDefaultMethodAndValidates() {
    QTemporaryDir dir;
    const auto bundle =
        writeBundle(dir, {{"default_method", "intensity"},
                          {"default_parameters", {{"intensity", {{"polarity", -1}}}}}});
    MethodRequest request;
    request.model = bundle;
    auto prepared = MethodSetup::prepare(request);
    QCOMPARE(QString::fromStdString(prepared.localizer->name()), QString("intensity"));
    QCOMPARE(prepared.parameters.get("polarity"), -1.0);  // the stored default
    request.given.set("polarity", 1.0);                   // a given value wins
    QCOMPARE(MethodSetup::prepare(request).parameters.get("polarity"), 1.0);
    request.given.set("polarity", 5.0);  // outside the method's range
    QVERIFY(errorOf([&] { MethodSetup::prepare(request); }).contains("polarity"));
    request.given = {};
    request.method = "no-such-method";
    QVERIFY(errorOf([&] { MethodSetup::prepare(request); }).contains("no-such-method"));
  }

  void aModelMethodNeedsAnExistingBundle() {
    MethodRequest request;
    request.method = "ddpm";
    request.model = "/nonexistent/bundle";
    QVERIFY(errorOf([&] { MethodSetup::prepare(request); }).contains("/nonexistent/bundle"));
  }
};

QTEST_APPLESS_MAIN(MethodSetupTest)
#include "MethodSetupTest.moc"
