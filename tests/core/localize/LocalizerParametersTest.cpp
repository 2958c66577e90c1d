#include "common/Error.h"
#include "localize/LocalizerParameters.h"

#include <QtTest>

#include <limits>

using namespace anomadiff;

namespace {

std::vector<ParameterSpec> specs() {
  return {{"noise-level", "Noise level L", "how far to noise", 1, 999, 250, true},
          {"guidance-scale", "Guidance s", "classifier scale", 0, 100, 3, false}};
}

void verifyRefused(const LocalizerParameters& parameters, const QString& naming) {
  try {
    parameters.validate(specs());
    QFAIL("accepted");
  } catch (const InvalidArgument& error) {
    QVERIFY2(QString(error.what()).contains(naming), error.what());
  }
}

}  // namespace

class LocalizerParametersTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void defaultsComeFromSpecs() {
    const auto parameters = LocalizerParameters::defaultsOf(specs());
    QCOMPARE(parameters.getInt("noise-level"), 250);
    QCOMPARE(parameters.get("guidance-scale"), 3.0);
    parameters.validate(specs());
  }

  void refusesOutOfRangeNonIntegerUnknownAndNaN() {
    auto parameters = LocalizerParameters::defaultsOf(specs());
    parameters.set("noise-level", 1200);
    verifyRefused(parameters, "noise-level=1200 is outside 1..999");
    parameters.set("noise-level", 12.5);
    verifyRefused(parameters, "must be an integer");
    parameters = LocalizerParameters::defaultsOf(specs());
    parameters.set("guidance-scale", std::numeric_limits<double>::quiet_NaN());
    verifyRefused(parameters, "guidance-scale");
    parameters = LocalizerParameters::defaultsOf(specs());
    parameters.set("temperature", 1);
    verifyRefused(parameters, "unknown parameter 'temperature'");
  }

  void missingValueIsNamed() {
    const LocalizerParameters empty;
    try {
      empty.get("seed");
      QFAIL("no throw");
    } catch (const InvalidArgument& error) {
      QVERIFY(QString(error.what()).contains("'seed'"));
    }
  }
};

QTEST_APPLESS_MAIN(LocalizerParametersTest)
#include "LocalizerParametersTest.moc"
