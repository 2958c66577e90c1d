#include "ErrorOf.h"
#include "common/Error.h"
#include "run/TrainedBundleEntry.h"
#include "run/TrainingRequest.h"
#include "run/TrainingRunRecord.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace anomadiff;
using namespace anomadiff::run;
using anomadiff::test::errorOf;
using nlohmann::json;

namespace {

json readJson(const std::filesystem::path& path) {
  std::ifstream stream(path);
  return json::parse(stream);
}

const json kSettings = {{"model", "denoiser"}, {"batch", 16}, {"lr", 0.0002}, {"seed", 0}};

}  // namespace

class TrainingRecordTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aFreshRunRecordsItsSettingsAndSession() {
    QTemporaryDir dir;
    const std::filesystem::path checkpoints = dir.path().toStdString() + "/checkpoints";
    const auto sessions = TrainingRunRecord::open(checkpoints, "denoiser", kSettings,
                                                  {"anomadiff-cli", "train"}, false);
    QCOMPARE(sessions.size(), std::size_t(1));
    const auto stored = readJson(checkpoints / "denoiser_run.json");
    QCOMPARE(stored["settings"], kSettings);
    QCOMPARE(stored["sessions"][0][1].get<std::string>(), std::string("train"));
  }

  void resumeNeedsTheSameSettingsAndAddsASession() {
    QTemporaryDir dir;
    const std::filesystem::path checkpoints = dir.path().toStdString() + "/checkpoints";
    TrainingRunRecord::open(checkpoints, "denoiser", kSettings, {"first"}, false);
    std::ofstream(TrainingRunRecord::checkpointPath(checkpoints, "denoiser")) << "weights";

    // Starting over on an existing checkpoint would mix two runs.
    QVERIFY(errorOf([&] {
              TrainingRunRecord::open(checkpoints, "denoiser", kSettings, {"again"}, false);
            }).contains("continue it with --resume"));
    json changed = kSettings;
    changed["lr"] = 0.001;
    QCOMPARE(errorOf([&] {
               TrainingRunRecord::open(checkpoints, "denoiser", changed, {"second"}, true);
             }),
             QString("--resume: the checkpoint was trained with lr=0.0002, now 0.001"));
    json dropped = kSettings;
    dropped.erase("seed");
    QVERIFY(errorOf([&] {
              TrainingRunRecord::open(checkpoints, "denoiser", dropped, {"second"}, true);
            }).contains("seed=0, now null"));
    const auto sessions =
        TrainingRunRecord::open(checkpoints, "denoiser", kSettings, {"second"}, true);
    QCOMPARE(sessions.size(), std::size_t(2));
    QVERIFY(errorOf([&] {
              TrainingRunRecord::open(checkpoints, "classifier", kSettings, {"x"}, true);
            }).contains("no classifier checkpoint"));
  }

  void retrainingDropsOnlyTheCalibrationsOfThatModel() {
    json description = {{"denoiser", {{"sha256", "old-denoiser"}}},
                        {"calibration",
                         {{"ddpm", {{"model_sha256", "old-denoiser"}}},
                          {"ddim-cg", {{"model_sha256", "a-classifier"}}},
                          {"intensity", {{"model_sha256", ""}}},
                          {"legacy", {{"fpr_5", 0.3}}}}}};
    TrainedBundleEntry::dropStaleCalibrations(description, "denoiser");
    const auto& calibration = description["calibration"];
    QVERIFY(!calibration.contains("ddpm"));
    QVERIFY(!calibration.contains("legacy"));
    QVERIFY(calibration.contains("ddim-cg"));
    QVERIFY(calibration.contains("intensity"));
  }

  void mergeKeepsTheOtherEntries() {
    json description = {{"name", "kept"},
                        {"classifier", {{"file", "classifier.safetensors"}}},
                        {"input", {{"orientation", "RAS"}}}};
    const json dataset = {{"normalization", {{"lower_percentile", 1}, {"upper_percentile", 99}}},
                          {"resampling", {{"margin", 0.1}}}};
    TrainedBundleEntry::merge(description, "denoiser", "denoiser.safetensors", {{"classes", 2}},
                              {{"steps", 5}}, dataset, 64, "");
    QCOMPARE(description["name"].get<std::string>(), std::string("kept"));
    QVERIFY(description.contains("classifier"));
    QCOMPARE(description["denoiser"]["file"].get<std::string>(),
             std::string("denoiser.safetensors"));
    QCOMPARE(description["training"]["denoiser"]["steps"].get<int>(), 5);
    QCOMPARE(description["input"]["resolution"].get<int>(), 64);
    QCOMPARE(description["input"]["margin"].get<double>(), 0.1);
    // A dataset that does not state the orientation keeps the bundle's.
    QCOMPARE(description["input"]["orientation"].get<std::string>(), std::string("RAS"));
    QCOMPARE(description["intensity"]["upper_percentile"].get<int>(), 99);
    json fresh = json::object();
    TrainedBundleEntry::merge(fresh, "denoiser", "d.safetensors", {}, {}, dataset, 32, "");
    QCOMPARE(fresh["name"].get<std::string>(), std::string("colin27-t1-32px"));
  }

  /// Each trained entry records its size; input.resolution (the size of entries that state none)
  /// moves only when the bundle holds no other model.
  void mergeRecordsEachModelsResolution() {
    const json dataset = {{"normalization", {{"lower_percentile", 1}, {"upper_percentile", 99}}}};
    json description = {{"input", {{"resolution", 96}}},
                        {"denoiser", {{"file", "denoiser.safetensors"}, {"sha256", "ab"}}}};
    TrainedBundleEntry::merge(description, "healthy_denoiser", "h.safetensors", {}, {}, dataset,
                              128, "");
    QCOMPARE(description["healthy_denoiser"]["resolution"].get<int>(), 128);
    QCOMPARE(description["input"]["resolution"].get<int>(), 96);
    QVERIFY(!description["denoiser"].contains("resolution"));
    json alone = {{"input", {{"resolution", 96}}},
                  {"healthy_denoiser", {{"file", "h.safetensors"}, {"sha256", "cd"}}}};
    TrainedBundleEntry::merge(alone, "healthy_denoiser", "h.safetensors", {}, {}, dataset, 128, "");
    QCOMPARE(alone["input"]["resolution"].get<int>(), 128);
  }

  void requestsThatCannotWorkAreRefused() {
    TrainingRequest request;
    request.validate();
    request.slot = "healthy_denoiser";
    QVERIFY(errorOf([&] { request.validate(); }).contains("needs --unconditional"));
    request.unconditional = true;
    request.validate();
    QCOMPARE(QString::fromStdString(request.kind()), QString("healthy_denoiser"));
    request.model = TrainingRequest::Model::Classifier;
    QCOMPARE(QString::fromStdString(request.kind()), QString("classifier"));
    request.validationFraction = 1.0;
    QVERIFY(errorOf([&] { request.validate(); }).contains("--validation-fraction"));
    request.validationFraction = 0.1;
    request.steps = 0;
    QVERIFY(errorOf([&] { request.validate(); }).contains("--steps 0"));
  }
};

QTEST_APPLESS_MAIN(TrainingRecordTest)
#include "TrainingRecordTest.moc"
