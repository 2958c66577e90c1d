// The review session on disk: round trip, errors that name the bad field, atomic writes, and the
// autosave that brings an edit back after a crash.

#include "TestFolder.h"
#include "common/Error.h"
#include "findings/FindingsModel.h"
#include "findings/SessionAutosaver.h"
#include "findings/SessionFile.h"

#include <QSignalSpy>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using anomadiff::BoundingBox;
using anomadiff::IoError;
using anomadiff::SliceOrientation;
using anomadiff::gui::FindingsModel;
using anomadiff::gui::Session;
using anomadiff::gui::SessionAutosaver;
using anomadiff::gui::SessionFile;

namespace {

Session sampleSession() {
  Session session;
  session.imagePath = "/data/scan 1.nii.gz";
  session.resultFolder = "/data/scan 1 result";
  session.method = "ddim-cg";
  session.parameters = {{"noise-level", 250}, {"guidance-scale", 3.5}};
  BoundingBox box;
  box.id = 3;
  box.x = 4;
  box.y = 5;
  box.z = 6;
  box.width = 7;
  box.score = 0.125;
  box.review = "accepted";
  session.findings.boxes = {box};
  session.findings.threshold = 0.3;
  session.findings.thresholdSource = "calibrated-5%-fpr";
  session.findings.findingGate = anomadiff::BoxGate(anomadiff::BoxGate::Statistic::Mass, 0.4);
  session.findings.findingGateSource = "user";
  session.findings.provenance.appVersion = "0.1.0";
  session.findings.provenance.method = "ddim-cg";
  session.findings.provenance.modelHash = "abc";
  session.view.orientation = SliceOrientation::Coronal;
  session.view.slice = 42;
  session.view.window = 800.0;
  session.view.level = 350.5;
  return session;
}

// fromJson's message for the sample with one field replaced (a JSON pointer) by `value`.
QString errorWith(const std::string& pointer, const nlohmann::json& value) {
  auto root = nlohmann::json::parse(SessionFile().toJson(sampleSession()));
  if (value.is_discarded()) {
    const nlohmann::json::json_pointer field(pointer);
    root[field.parent_pointer()].erase(field.back());
  } else {
    root[nlohmann::json::json_pointer(pointer)] = value;
  }
  try {
    SessionFile().fromJson(root.dump(), "s.json");
  } catch (const IoError& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

}  // namespace

class SessionFileTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void roundTrips() {
    anomadiff::test::TestFolder folder;
    SessionFile().write(sampleSession(), folder / "session.json");
    const Session read = SessionFile().read(folder / "session.json");
    const Session expected = sampleSession();
    QCOMPARE(read.imagePath, expected.imagePath);
    QCOMPARE(read.resultFolder, expected.resultFolder);
    QCOMPARE(read.method, expected.method);
    QCOMPARE(read.parameters, expected.parameters);
    QCOMPARE(read.findings.boxes.size(), std::size_t{1});
    QCOMPARE(read.findings.boxes[0].review, std::string("accepted"));
    QCOMPARE(read.findings.boxes[0].z, std::size_t{6});
    QVERIFY(read.findings.findingGate == expected.findings.findingGate);
    QCOMPARE(read.findings.findingGateSource, std::string("user"));
    QCOMPARE(read.findings.thresholdSource, expected.findings.thresholdSource);
    QVERIFY(read.view.orientation == SliceOrientation::Coronal);
    QCOMPARE(read.view.slice, 42);
    QCOMPARE(read.view.window, 800.0);
    QCOMPARE(read.view.level, 350.5);
    // No temporary left beside it.
    QCOMPARE(std::distance(std::filesystem::directory_iterator(folder.path()), {}), 1);
  }

  void badFieldsAreNamed() {
    QVERIFY2(errorWith("/view/slice", "middle").contains("view.slice must be an integer"),
             qPrintable(errorWith("/view/slice", "middle")));
    QVERIFY(errorWith("/view/orientation", "oblique").contains("'oblique'"));
    QVERIFY(errorWith("/view/window", 0.0).contains("view.window"));
    QVERIFY(errorWith("/image_path", nlohmann::json::value_t::discarded)
                .contains("image_path is missing"));
    QVERIFY(errorWith("/parameters/noise-level", "high")
                .contains("parameters.noise-level must be a number"));
    QVERIFY(errorWith("/version", 2).contains("version 2"));
    QVERIFY(errorWith("/findings/boxes/0/review", "maybe").contains("'maybe'"));
    QVERIFY(errorWith("/view/level", 1.0).isEmpty());  // the helper itself accepts good files
  }

  void corruptFileIsAClearError() {
    anomadiff::test::TestFolder folder;
    std::ofstream(folder / "session.json") << "{\"version\": 1, \"image_path\": ";
    try {
      SessionFile().read(folder / "session.json");
      QFAIL("accepted");
    } catch (const IoError& error) {
      const QString message = error.what();
      QVERIFY2(message.contains("session.json") && message.contains("not valid JSON"),
               error.what());
    }
    QVERIFY_THROWS_EXCEPTION(IoError, SessionFile().read(folder / "missing.json"));
    QVERIFY(!SessionAutosaver::recover(folder / "session.json").has_value());
    QVERIFY(!SessionAutosaver::recover(folder / "missing.json").has_value());
  }

  void failedWriteKeepsTheOldSession() {
    anomadiff::test::TestFolder folder;
    QVERIFY_THROWS_EXCEPTION(IoError,
                             SessionFile().write(sampleSession(), folder / "no" / "s.json"));
    QVERIFY(std::filesystem::is_empty(folder.path()));
  }

  void autosaveWritesAfterAnEditAndRecovers() {
    anomadiff::test::TestFolder folder;
    const auto path = folder / "autosave.json";
    FindingsModel model;
    model.reset(sampleSession().findings);
    SessionAutosaver autosaver(&model, path);
    autosaver.setSession(sampleSession());
    autosaver.setDelay(50);
    QSignalSpy savedSpy(&autosaver, &SessionAutosaver::saved);

    BoundingBox moved = model.finding(0);
    moved.x = 20;
    model.setBox(0, moved);
    model.setReview(0, "rejected");
    QVERIFY(autosaver.isPending());
    QVERIFY(!std::filesystem::exists(path));  // debounced, not written per edit
    QVERIFY(savedSpy.wait(2000));
    QCOMPARE(savedSpy.count(), 1);  // two edits, one write

    const auto recovered = SessionAutosaver::recover(path);
    QVERIFY(recovered.has_value());
    QCOMPARE(recovered->findings.boxes[0].x, std::size_t{20});
    QCOMPARE(recovered->findings.boxes[0].review, std::string("rejected"));
    QCOMPARE(recovered->imagePath, sampleSession().imagePath);
    QCOMPARE(std::distance(std::filesystem::directory_iterator(folder.path()), {}), 1);

    model.removeFinding(0);
    autosaver.flush();  // e.g. on quit: no waiting for the timer
    QVERIFY(!autosaver.isPending());
    QCOMPARE(SessionAutosaver::recover(path)->findings.boxes.size(), std::size_t{0});
    autosaver.discard();
    QVERIFY(!std::filesystem::exists(path));
  }

  void autosaveReportsAFailedWrite() {
    anomadiff::test::TestFolder folder;
    FindingsModel model;
    SessionAutosaver autosaver(&model, folder / "missing" / "autosave.json");
    QSignalSpy failedSpy(&autosaver, &SessionAutosaver::saveFailed);
    autosaver.save();
    QCOMPARE(failedSpy.count(), 1);
    QVERIFY(failedSpy.at(0).at(0).toString().contains("autosave.json"));
  }
};

QTEST_MAIN(SessionFileTest)
#include "SessionFileTest.moc"
