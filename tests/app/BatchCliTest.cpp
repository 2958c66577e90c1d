// `anomadiff-cli batch` as a cluster would run it: 20 inputs (one corrupt), two shards in
// parallel, a resume that redoes nothing, an input a dead process left "running", bad options.
#include "CliRunner.h"
#include "TestFolder.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageWriter.h"

#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace anomadiff;
using test::pathArgument;

namespace {

constexpr int kInputs = 20;

/// A small volume whose slice 1 holds a bright square at a place that depends on `shift`.
Image volumeWithBrightSquare(std::size_t shift) {
  ImageGeometry geometry;
  geometry.size = {21, 16, 3};
  geometry.spacing = {1.0, 1.0, 3.0};
  Image image = Image::filled(geometry, 100.0f);
  for (std::size_t y = 5; y < 10; ++y) {
    for (std::size_t x = 2 + shift % 10; x < 7 + shift % 10; ++x) image.at(x, y, 1) = 400.0f;
  }
  return image;
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

nlohmann::json readJson(const std::filesystem::path& path) {
  std::ifstream stream(path);
  return nlohmann::json::parse(stream);
}

/// Every manifest entry of the batch in `folder`, by input index.
std::map<std::size_t, nlohmann::json> entries(const std::filesystem::path& folder) {
  std::map<std::size_t, nlohmann::json> all;
  for (const auto& file : std::filesystem::directory_iterator(folder)) {
    const auto name = file.path().filename().string();
    if (!name.starts_with("manifest") || !name.ends_with(".json")) continue;
    const auto manifest = readJson(file.path());
    for (const auto& entry : manifest.at("entries")) {
      all[entry.at("index").get<std::size_t>()] = entry;
    }
  }
  return all;
}

}  // namespace

class BatchCliTest : public QObject {
  Q_OBJECT

 private:
  test::TestFolder m_folder;
  std::filesystem::path m_inputs;

  QStringList batchArguments(const std::filesystem::path& output) const {
    return {"batch",
            "--inputs",
            pathArgument(m_inputs),
            "-o",
            pathArgument(output),
            "--method",
            "intensity",
            "--threshold",
            "1",
            "--finding-gate",
            "none",
            "--threads",
            "1",
            "-q"};
  }

 private Q_SLOTS:
  void initTestCase() {
    m_inputs = m_folder / "archive";
    std::filesystem::create_directories(m_inputs);
    for (int i = 0; i < kInputs - 2; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "case_%02d.nii.gz", i);
      ImageWriter().write(volumeWithBrightSquare(i), m_inputs / name);
    }
    DicomSeriesWriter().write(volumeWithBrightSquare(3), m_inputs / "series_a");
    std::ofstream(m_inputs / "case_07b.nii.gz") << "not a gzip stream";
    std::ofstream(m_inputs / "notes.txt") << "not an image: the batch ignores it";
  }

  void twoParallelShardsThenAResumeThatRedoesNothing() {
    const auto output = m_folder / "results";
    QProcess shards[2];
    for (int i = 0; i < 2; ++i) {
      shards[i].start(ANOMADIFF_CLI, batchArguments(output) << "--shard" << QString("%1/2").arg(i));
    }
    int failedShards = 0;
    for (auto& shard : shards) {
      QVERIFY(shard.waitForFinished(300000));
      QCOMPARE(shard.exitStatus(), QProcess::NormalExit);
      QVERIFY2(shard.exitCode() == 0 || shard.exitCode() == 3, shard.readAllStandardError());
      failedShards += shard.exitCode() == 3;
    }
    QCOMPARE(failedShards, 1);

    const auto all = entries(output);
    QCOMPARE(static_cast<int>(all.size()), kInputs);
    int succeeded = 0;
    for (const auto& [index, entry] : all) {
      const auto result = output / entry.at("result").get<std::string>();
      if (entry.at("status") == "ok") {
        ++succeeded;
        QVERIFY(std::filesystem::exists(result / "boxes.json"));
        QVERIFY(entry.at("boxes").get<int>() >= 1);
        QCOMPARE(entry.at("model_sha256").get<std::string>().size(), std::size_t{0});
      } else {
        QCOMPARE(entry.at("status").get<std::string>(), std::string("failed"));
        QVERIFY(entry.at("input").get<std::string>().ends_with("case_07b.nii.gz"));
        QVERIFY2(entry.at("error").get<std::string>().find("case_07b.nii.gz") != std::string::npos,
                 entry.at("error").get<std::string>().c_str());
        QVERIFY(!std::filesystem::exists(result / "boxes.json"));
      }
    }
    QCOMPARE(succeeded, kInputs - 1);
    QVERIFY(std::filesystem::exists(output / "manifest-0-of-2.csv"));
    QVERIFY(std::filesystem::exists(output / "series_a" / "anomaly_seg.dcm"));
    const auto summary = readText(output / "summary.html");
    QVERIFY2(summary.find("19 of 20 inputs localized, 1 failed, 0 not done") != std::string::npos,
             summary.c_str());

    // Resume: nothing runs again, nothing is rewritten but the summary.
    const auto manifestBefore = readText(output / "manifest-1-of-2.json");
    const auto resultBefore = std::filesystem::last_write_time(output / "case_00" / "boxes.json");
    for (int i = 0; i < 2; ++i) {
      const auto run =
          test::runCli(batchArguments(output) << "--shard" << QString("%1/2").arg(i) << "--resume");
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      QVERIFY2(run.out.contains("0 localized, 0 failed, 10 done before"), qPrintable(run.out));
    }
    QCOMPARE(readText(output / "manifest-1-of-2.json"), manifestBefore);
    QVERIFY(std::filesystem::last_write_time(output / "case_00" / "boxes.json") == resultBefore);

    // --retry-failed runs the corrupt input again (and records it again).
    const auto retried = test::runCli(batchArguments(output) << "--shard"
                                                             << "0/2"
                                                             << "--resume"
                                                             << "--retry-failed");
    const auto retriedOther = test::runCli(batchArguments(output) << "--shard"
                                                                  << "1/2"
                                                                  << "--resume"
                                                                  << "--retry-failed");
    QCOMPARE(retried.exitCode + retriedOther.exitCode, 3);
  }

  void anInputADeadProcessLeftRunningIsRecordedAsFailed() {
    const auto output = m_folder / "interrupted";
    QCOMPARE(test::runCli(batchArguments(output)).exitCode, 3);
    auto manifest = readJson(output / "manifest.json");
    auto& entry = manifest.at("entries").at(4);
    entry["status"] = "running";
    const auto result = output / entry.at("result").get<std::string>();
    std::ofstream(output / "manifest.json") << manifest.dump(2);
    const auto run = test::runCli(batchArguments(output) << "--resume");
    QCOMPARE(run.exitCode, 0);
    const auto after = entries(output).at(4);
    QCOMPARE(after.at("status").get<std::string>(), std::string("failed"));
    QVERIFY(after.at("error").get<std::string>().find("crashed or killed") != std::string::npos);
    QVERIFY(std::filesystem::exists(result / "boxes.json"));  // what it wrote is kept
  }

  void badRequestsAreOneLineErrors() {
    const auto output = m_folder / "bad";
    const auto verify = [](const test::CliRun& run, const char* expected) {
      QVERIFY2(run.exitCode != 0 && run.err.contains(expected), qPrintable(run.err));
      QCOMPARE(run.err.trimmed().count('\n'), 0);
    };
    verify(test::runCli(batchArguments(output) << "--shard"
                                               << "2/2"),
           "must lie in 0..n-1");
    verify(test::runCli(batchArguments(output) << "--shard"
                                               << "x"),
           "is not i/n");
    verify(test::runCli(batchArguments(output) << "--retry-failed"), "needs --resume");
    auto missing = batchArguments(output);
    missing[missing.indexOf("--inputs") + 1] = pathArgument(m_folder / "nowhere");
    verify(test::runCli(missing), "does not exist");
    QVERIFY(!std::filesystem::exists(output));
    // A finished batch is not silently mixed with a new one.
    const auto done = m_folder / "results";
    verify(test::runCli(batchArguments(done) << "--shard"
                                             << "0/2"),
           "--resume");
  }
};

QTEST_GUILESS_MAIN(BatchCliTest)
#include "BatchCliTest.moc"
