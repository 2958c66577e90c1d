#include "TestFolder.h"
#include "common/Error.h"
#include "report/BoxesJsonFile.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace anomadiff;

namespace {

FindingsDocument sampleDocument() {
  FindingsDocument document;
  BoundingBox box;
  box.id = 1;
  box.x = 10;
  box.y = 20;
  box.width = 5;
  box.height = 7;
  box.score = 0.75;
  box.maxScore = 0.9;
  box.meanVariance = 0.01;
  box.areaPx = 30;
  document.boxes = {box};
  document.threshold = 0.31;
  document.thresholdSource = "calibrated-5%-fpr";
  document.provenance.appVersion = "0.1.0";
  document.provenance.method = "ddim-cg";
  document.provenance.modelHash = "abc123";
  document.provenance.parameters = {
      {"noise-level", 250}, {"guidance-scale", 3}, {"ensemble", 4}, {"steps", 25}, {"seed", 7}};
  document.provenance.threads = 2;
  return document;
}

}  // namespace

class BoxesJsonFileTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void writesTheContractFields() {
    test::TestFolder folder;
    BoxesJsonFile().write(sampleDocument(), folder / "boxes.json");
    std::ifstream stream(folder / "boxes.json");
    const auto root = nlohmann::json::parse(stream);
    const auto& box = root.at("boxes").at(0);
    for (const char* key :
         {"id", "x", "y", "z", "width", "height", "depth", "score", "mean_variance", "area_px"}) {
      QVERIFY2(box.contains(key), key);
    }
    QCOMPARE(box.at("width").get<int>(), 5);
    QCOMPARE(box.at("depth").get<int>(), 1);
    QCOMPARE(root.at("threshold").get<double>(), 0.31);
    QCOMPARE(root.at("threshold_source").get<std::string>(), std::string("calibrated-5%-fpr"));
    QCOMPARE(root.at("parameters").at("noise-level").get<double>(), 250.0);
    const auto& provenance = root.at("provenance");
    QCOMPARE(provenance.at("model_sha256").get<std::string>(), std::string("abc123"));
    QCOMPARE(provenance.at("threads").get<int>(), 2);
    QCOMPARE(provenance.at("app_version").get<std::string>(), std::string("0.1.0"));
  }

  void volumeAndRegionsRoundTrip() {
    auto original = sampleDocument();
    original.boxes[0].volumeMl = 2.25;
    original.boxes[0].regions = {{"AAL", "Insula_R", 0.75}, {"JHU white matter", "Fornix", 0.2}};
    const auto root = nlohmann::json::parse(BoxesJsonFile().toJson(original));
    QCOMPARE(root["boxes"][0]["regions"][0]["name"].get<std::string>(), std::string("Insula_R"));
    const auto read = BoxesJsonFile().fromJson(root.dump(), "boxes.json");
    QCOMPARE(read.boxes[0].volumeMl, 2.25);
    QCOMPARE(read.boxes[0].regions.size(), std::size_t(2));
    QCOMPARE(read.boxes[0].regions[1].atlas, std::string("JHU white matter"));
    QCOMPARE(read.boxes[0].regions[1].fraction, 0.2);
    // A box without them writes neither key.
    QVERIFY(!nlohmann::json::parse(BoxesJsonFile().toJson(sampleDocument()))["boxes"][0].contains(
        "regions"));
  }

  void roundTrips() {
    test::TestFolder folder;
    const auto original = sampleDocument();
    BoxesJsonFile().write(original, folder / "boxes.json");
    const auto read = BoxesJsonFile().read(folder / "boxes.json");
    QCOMPARE(read.boxes.size(), std::size_t{1});
    QCOMPARE(read.boxes[0].x, original.boxes[0].x);
    QCOMPARE(read.boxes[0].score, original.boxes[0].score);
    QCOMPARE(read.provenance.parameters, original.provenance.parameters);
    QCOMPARE(read.thresholdSource, original.thresholdSource);
    QVERIFY(read.findingGate.isOpen());
    QCOMPARE(read.findingGateSource, std::string("none"));

    auto withGate = original;
    withGate.findingGate = BoxGate(BoxGate::Statistic::Mass, 4.25);
    withGate.findingGateSource = "calibrated-0.2-false-boxes-per-healthy-slice";
    BoxesJsonFile().write(withGate, folder / "gate.json");
    const auto readGate = BoxesJsonFile().read(folder / "gate.json");
    QVERIFY(readGate.findingGate == withGate.findingGate);
    QCOMPARE(readGate.findingGateSource, withGate.findingGateSource);
  }

  void peakGatesKeepTheFormerKeys() {
    auto withPeak = sampleDocument();
    withPeak.findingGate = BoxGate(BoxGate::Statistic::Peak, 0.42);
    withPeak.findingGateSource = "calibrated-95%-healthy-slices";
    const auto root = nlohmann::json::parse(BoxesJsonFile().toJson(withPeak));
    QCOMPARE(root.at("finding_peak").get<double>(), 0.42);
    QCOMPARE(root.at("finding_peak_source").get<std::string>(), withPeak.findingGateSource);
    QCOMPARE(root.at("finding_gate").at("statistic").get<std::string>(), std::string("peak"));

    // A file from before the gate statistics has only the peak: it reads as a peak gate.
    auto older = root;
    older.erase("finding_gate");
    older.erase("finding_gate_source");
    const auto read = BoxesJsonFile().fromJson(older.dump(), "older.json");
    QVERIFY(read.findingGate == withPeak.findingGate);
    QCOMPARE(read.findingGateSource, withPeak.findingGateSource);

    auto mass = withPeak;
    mass.findingGate = BoxGate(BoxGate::Statistic::Mass, 3.0);
    QVERIFY(!nlohmann::json::parse(BoxesJsonFile().toJson(mass)).contains("finding_peak"));
  }

  void reviewIsWrittenOnlyWhenSetAndRoundTrips() {
    test::TestFolder folder;
    auto document = sampleDocument();
    auto added = document.boxes[0];
    added.id = 2;
    added.review = std::string(kReviewAdded);
    document.boxes[0].review = std::string(kReviewRejected);
    document.boxes.push_back(added);
    auto unreviewed = document.boxes[0];
    unreviewed.id = 3;
    unreviewed.review.clear();
    document.boxes.push_back(unreviewed);

    const auto root = nlohmann::json::parse(BoxesJsonFile().toJson(document));
    QCOMPARE(root.at("boxes")[0].at("review").get<std::string>(), std::string("rejected"));
    QVERIFY(!root.at("boxes")[2].contains("review"));

    BoxesJsonFile().write(document, folder / "boxes.json");
    const auto read = BoxesJsonFile().read(folder / "boxes.json");
    QCOMPARE(read.boxes.size(), std::size_t{3});
    QCOMPARE(read.boxes[0].review, std::string("rejected"));
    QCOMPARE(read.boxes[1].review, std::string("added"));
    QCOMPARE(read.boxes[2].review, std::string());
  }

  void reviewSummaryIsWrittenOnceReviewedAndReadBack() {
    auto document = sampleDocument();
    QVERIFY(!nlohmann::json::parse(BoxesJsonFile().toJson(document)).contains("review"));
    auto rejected = document.boxes[0];
    rejected.id = 2;
    rejected.review = std::string(kReviewRejected);
    document.boxes.push_back(rejected);
    document.boxes[0].review = std::string(kReviewAccepted);
    auto pending = rejected;
    pending.id = 3;
    pending.review.clear();
    document.boxes.push_back(pending);
    document.reviewedUtc = "2024-05-06T07:08:09Z";

    const auto review = nlohmann::json::parse(BoxesJsonFile().toJson(document)).at("review");
    QCOMPARE(review.at("reviewed_utc").get<std::string>(), document.reviewedUtc);
    QCOMPARE(review.at("accepted").get<int>(), 1);
    QCOMPARE(review.at("rejected").get<int>(), 1);
    QCOMPARE(review.at("added").get<int>(), 0);
    QCOMPARE(review.at("pending").get<int>(), 1);
    const auto read = BoxesJsonFile().fromJson(BoxesJsonFile().toJson(document), "test");
    QCOMPARE(read.reviewedUtc, document.reviewedUtc);
  }

  void fileWithoutReviewsStillReads() {
    // The layout written before reviews existed, verbatim.
    test::TestFolder folder;
    std::ofstream(folder / "old.json") << R"({"boxes":[{"id":4,"x":1,"y":2,"z":0,"width":3,)"
                                          R"("height":4,"depth":1,"score":0.5,"max_score":0.7,)"
                                          R"("mean_variance":0.01,"area_px":9}],)"
                                          R"("threshold":0.2,"threshold_source":"user",)"
                                          R"("parameters":{"seed":1},"provenance":{)"
                                          R"("app_version":"0.1.0","method":"intensity",)"
                                          R"("model_sha256":"","threads":1}})";
    const auto read = BoxesJsonFile().read(folder / "old.json");
    QCOMPARE(read.boxes.size(), std::size_t{1});
    QCOMPARE(read.boxes[0].id, 4);
    QCOMPARE(read.boxes[0].review, std::string());
  }

  void unknownReviewNamesTheBoxAndValue() {
    auto document = sampleDocument();
    auto text = BoxesJsonFile().toJson(document);
    auto root = nlohmann::json::parse(text);
    root["boxes"][0]["review"] = "maybe";
    try {
      BoxesJsonFile().fromJson(root.dump(), "session.json");
      QFAIL("accepted");
    } catch (const IoError& error) {
      const QString message = error.what();
      QVERIFY2(message.contains("session.json") && message.contains("'maybe'") &&
                   message.contains("box 1"),
               error.what());
    }
  }

  void nonIntegerBoxFieldIsRefused() {
    // Found by fuzz_boxes_json: "x": -1e100 was converted to std::size_t (undefined behaviour)
    // and "x": -3 wrapped to a box 2^64 voxels away; both now name the field.
    for (const char* value : {"-1e100", "-3", "2.5"}) {
      auto root = nlohmann::json::parse(BoxesJsonFile().toJson(sampleDocument()));
      root["boxes"][0]["x"] = nlohmann::json::parse(value);
      try {
        BoxesJsonFile().fromJson(root.dump(), "boxes.json");
        QFAIL(value);
      } catch (const IoError& error) {
        QVERIFY2(QString(error.what()).contains("'x'"), error.what());
      }
    }
  }

  void invalidFileNamesFileAndField() {
    test::TestFolder folder;
    std::ofstream(folder / "bad.json") << R"({"boxes":[{"id":1}],"threshold":0.1})";
    try {
      BoxesJsonFile().read(folder / "bad.json");
      QFAIL("accepted");
    } catch (const IoError& error) {
      QVERIFY2(QString(error.what()).contains("bad.json"), error.what());
    }
  }

  void failedWriteLeavesOldFileAndNoTemporary() {
    test::TestFolder folder;
    QVERIFY_THROWS_EXCEPTION(
        IoError, BoxesJsonFile().write(sampleDocument(), folder / "missing" / "boxes.json"));
    QVERIFY(std::filesystem::is_empty(folder.path()));
  }
};

QTEST_APPLESS_MAIN(BoxesJsonFileTest)
#include "BoxesJsonFileTest.moc"
