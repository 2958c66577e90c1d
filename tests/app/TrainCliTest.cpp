// `anomadiff-cli make-dataset`, `train` and `train-classifier` end to end on a synthetic volume
// with a tiny network: loadable bundles, loss logs, bit-identical resume, cancel by SIGTERM.
#include "CliRunner.h"
#include "TestFolder.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/SafeTensorsFile.h"
#include "engine/io/Sha256.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "image/ImageWriter.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QThread>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace anomadiff;
using test::pathArgument;

namespace {

/// A 40x44x40 textured ellipsoid "brain" on a 0 background.
void writeVolume(const std::filesystem::path& path) {
  ImageGeometry geometry;
  geometry.size = {40, 44, 40};
  Image volume = Image::filled(geometry, 0.0f);
  for (std::size_t z = 0; z < 40; ++z) {
    for (std::size_t y = 0; y < 44; ++y) {
      for (std::size_t x = 0; x < 40; ++x) {
        const double r = std::pow((x - 19.5) / 16.0, 2) + std::pow((y - 21.5) / 19.0, 2) +
                         std::pow((z - 19.5) / 18.0, 2);
        if (r < 1.0) {
          volume.at(x, y, z) =
              static_cast<float>(90.0 + 40.0 * std::sin(0.6 * x) * std::cos(0.45 * y) + z);
        }
      }
    }
  }
  ImageWriter().write(volume, path);
}

nlohmann::json readJson(const std::filesystem::path& path) {
  std::ifstream stream(path);
  return nlohmann::json::parse(stream);
}

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

int lineCount(const std::filesystem::path& path) {
  std::ifstream stream(path);
  int lines = 0;
  for (std::string line; std::getline(stream, line);) lines += !line.empty();
  return lines;
}

/// The first `rows` data rows of a loss log, as text.
std::string lossColumn(const std::filesystem::path& path, int rows) {
  std::ifstream stream(path);
  std::string text, line;
  std::getline(stream, line);  // header
  for (int row = 0; row < rows && std::getline(stream, line); ++row) text += line + "\n";
  return text;
}

void verifyOneLineError(const test::CliRun& run, const QString& expected) {
  QVERIFY2(run.exitCode != 0, qPrintable(run.err));
  QVERIFY2(run.err.startsWith("error: ") && run.err.contains(expected), qPrintable(run.err));
  QCOMPARE(run.err.trimmed().count('\n'), 0);
}

}  // namespace

class TrainCliTest : public QObject {
  Q_OBJECT

 private:
  test::TestFolder m_folder;
  std::filesystem::path m_dataset;

  /// The tiny network every run here uses; one thread so runs compare bit for bit.
  QStringList trainArguments(const char* command, const std::filesystem::path& bundle,
                             int steps) const {
    return {command,
            "--dataset",
            pathArgument(m_dataset),
            "-o",
            pathArgument(bundle),
            "--channels",
            "8",
            "--batch",
            "4",
            "--steps",
            QString::number(steps),
            "--threads",
            "1",
            "--checkpoint-every",
            "10",
            "-q"};
  }

 private Q_SLOTS:
  void initTestCase() {
    writeVolume(m_folder / "volume.nii.gz");
    m_dataset = m_folder / "dataset";
    const auto run =
        test::runCli({"make-dataset", "--input", pathArgument(m_folder / "volume.nii.gz"), "-o",
                      pathArgument(m_dataset), "--resolution", "32", "--holdout", "16:24", "-q"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("healthy"), qPrintable(run.out));
    const auto description = readJson(m_dataset / "dataset.json");
    for (const auto& z : description.at("slices_used")) QVERIFY(z < 16 || z >= 24);
    QCOMPARE(description.at("sha256").get<std::string>(),
             engine::Sha256::ofFile(m_dataset / "dataset.safetensors"));
    // The bundle several slots start from, trained here so no slot depends on another's order.
    const auto trained = test::runCli(trainArguments("train", m_folder / "straight", 30));
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
  }

  void makeDatasetRefusesBadSettings() {
    const auto input = pathArgument(m_folder / "volume.nii.gz");
    const auto output = pathArgument(m_folder / "bad");
    verifyOneLineError(
        test::runCli({"make-dataset", "--input", input, "-o", output, "--resolution", "30"}),
        "resolution 30");
    verifyOneLineError(
        test::runCli({"make-dataset", "--input", input, "-o", output, "--holdout", "30:50"}),
        "30:50");
    QVERIFY(!std::filesystem::exists(m_folder / "bad" / "dataset.safetensors"));
  }

  void trainWritesALoadableBundle() {
    const auto bundle = m_folder / "straight";  // trained by initTestCase
    const auto loaded = engine::ModelBundle::load(bundle);
    QCOMPARE(loaded.denoiserSha256(), engine::Sha256::ofFile(bundle / "denoiser.safetensors"));
    QCOMPARE(loaded.resolution(), 32);
    QCOMPARE(loaded.denoiserConfig().classes, 2);
    QCOMPARE(loaded.denoiserConfig().baseChannels, 8);
    QCOMPARE(loaded.healthyClass(), 0);
    QCOMPARE(loaded.classNames(), (std::vector<std::string>{"healthy", "anomalous"}));
    QCOMPARE(lineCount(bundle / "denoiser_loss.csv"), 31);  // header + one row per step
    const auto& description = loaded.description();
    QCOMPARE(description.at("intensity").at("background").get<double>(), -1.0);
    const auto& training = description.at("training").at("denoiser");
    QCOMPARE(training.at("steps").get<int>(), 30);
    QCOMPARE(training.at("command").at(1).get<std::string>(), std::string("train"));
    QCOMPARE(training.at("dataset_sha256").get<std::string>(),
             engine::Sha256::ofFile(m_dataset / "dataset.safetensors"));
    QVERIFY(std::isfinite(training.at("final_loss").get<double>()));
    QVERIFY(std::filesystem::exists(bundle / "checkpoints" / "denoiser_checkpoint.safetensors"));
  }

  void resumedRunIsBitIdentical() {
    const auto bundle = m_folder / "resumed";
    auto run = test::runCli(trainArguments("train", bundle, 15));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = test::runCli(trainArguments("train", bundle, 30) << "--resume");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(readBytes(bundle / "denoiser.safetensors") ==
            readBytes(m_folder / "straight" / "denoiser.safetensors"));
    QCOMPARE(lineCount(bundle / "denoiser_loss.csv"), 31);
    const auto training = readJson(bundle / "model.json").at("training").at("denoiser");
    QCOMPARE(training.at("sessions").size(), std::size_t{2});

    // Another setting, or a restart over an existing checkpoint, is refused.
    verifyOneLineError(test::runCli(trainArguments("train", bundle, 30) << "--resume"
                                                                        << "--lr"
                                                                        << "1e-4"),
                       "lr");
    verifyOneLineError(test::runCli(trainArguments("train", bundle, 30)), "--resume");
  }

  void coarseNoiseFineTuneIsRecordedAndResumesOnlyAsSuch() {
    const auto bundle = m_folder / "coarse";
    const auto start = m_folder / "straight" / "denoiser.safetensors";
    const auto fineTune = [&](int steps) {
      return trainArguments("train", bundle, steps) << "--noise"
                                                    << "coarse"
                                                    << "--init-weights" << pathArgument(start);
    };
    auto run = test::runCli(fineTune(10));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto training = readJson(bundle / "model.json").at("training").at("denoiser");
    QCOMPARE(training.at("noise").get<std::string>(), std::string("coarse"));
    QCOMPARE(training.at("init_weights").at("sha256").get<std::string>(),
             engine::Sha256::ofFile(start));
    // The starting weights matter: 10 steps from them differ from 10 steps from scratch.
    const auto scratch = m_folder / "coarse-scratch";
    run = test::runCli(trainArguments("train", scratch, 10) << "--noise"
                                                            << "coarse");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(readBytes(bundle / "denoiser.safetensors") !=
            readBytes(scratch / "denoiser.safetensors"));
    // A resume must keep the noise.
    verifyOneLineError(test::runCli(trainArguments("train", bundle, 20)
                                    << "--init-weights" << pathArgument(start) << "--resume"),
                       "noise");
    run = test::runCli(fineTune(20) << "--resume");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    // Localizing uses the noise the model learned; any other is refused up front.
    const auto localize = [&](QStringList extra) {
      return test::runCli(QStringList{"localize", pathArgument(m_folder / "volume.nii.gz"),
                                      "--model", pathArgument(bundle), "-L", "50", "-K", "2", "-N",
                                      "1", "--threads", "1", "-q", "-o",
                                      pathArgument(m_folder / "coarse-out")}
                          << extra);
    };
    verifyOneLineError(localize({"--method", "ddpm", "--set", "noise=0"}), "noise 0 (gaussian)");
    verifyOneLineError(localize({"--method", "ddim-cfg"}), "adds Gaussian noise");
    run = localize({"--method", "ddpm", "--set", "noise=1"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  }

  void restorationTrainingIsRecordedAndResumesOnlyAsSuch() {
    const auto bundle = m_folder / "restoring";
    const auto restoring = [&](int steps) {
      return trainArguments("train", bundle, steps) << "--corrupt"
                                                    << "0.5";
    };
    auto run = test::runCli(restoring(10));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(
        readJson(bundle / "model.json").at("training").at("denoiser").at("corrupt").get<double>(),
        0.5);
    // Restoration changes what the model is taught: the weights differ from plain training's.
    const auto plain = m_folder / "restoring-plain";
    run = test::runCli(trainArguments("train", plain, 10));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(readBytes(bundle / "denoiser.safetensors") !=
            readBytes(plain / "denoiser.safetensors"));
    // A resume must keep the fraction; a fraction outside [0, 1] is refused.
    verifyOneLineError(test::runCli(trainArguments("train", bundle, 20) << "--resume"), "corrupt");
    run = test::runCli(restoring(20) << "--resume");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    verifyOneLineError(
        test::runCli(trainArguments("train", m_folder / "restoring-bad", 10) << "--corrupt"
                                                                             << "1.5"),
        "--corrupt");
    // Transplants fill some of the blobs: recorded, and refused without blobs to fill.
    const auto transplanting = m_folder / "transplanting";
    run = test::runCli(trainArguments("train", transplanting, 10) << "--corrupt"
                                                                  << "0.5"
                                                                  << "--transplant"
                                                                  << "0.5");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto record = readJson(transplanting / "model.json").at("training").at("denoiser");
    QCOMPARE(record.at("transplant").get<double>(), 0.5);
    QVERIFY(!readJson(bundle / "model.json").at("training").at("denoiser").contains("transplant"));
    verifyOneLineError(
        test::runCli(trainArguments("train", m_folder / "transplant-bad", 10) << "--transplant"
                                                                              << "0.5"),
        "--transplant");
  }

  void augmentationChangesAreRecordedAndResumeOnlyAsSuch() {
    const auto bundle = m_folder / "augmented";
    const auto augmented = [&](int steps) {
      return trainArguments("train", bundle, steps) << "--augment"
                                                    << "elastic=0.04"
                                                    << "--augment"
                                                    << "gamma=1.5";
    };
    auto run = test::runCli(augmented(10));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto data = readJson(bundle / "model.json").at("training").at("denoiser").at("data");
    const auto& options = data.at("augmentation_options");
    QCOMPARE(options.at("elastic").get<double>(), 0.04);
    QCOMPARE(options.at("gamma").get<double>(), 1.5);
    QCOMPARE(options.at("rotation").get<double>(), 10.0);  // unchanged fields keep the default
    // Stronger warps draw other batches: the first losses differ from the default run's.
    QVERIFY(lossColumn(bundle / "denoiser_loss.csv", 3) !=
            lossColumn(m_folder / "straight" / "denoiser_loss.csv", 3));
    // A resume must keep the changes; bad items are one line each and train nothing.
    verifyOneLineError(test::runCli(trainArguments("train", bundle, 20) << "--resume"),
                       "augmentation_options");
    run = test::runCli(augmented(20) << "--resume");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto refused = [&](QStringList extra, const QString& expected) {
      verifyOneLineError(
          test::runCli(trainArguments("train", m_folder / "augment-bad", 5) << extra), expected);
      QVERIFY(!std::filesystem::exists(m_folder / "augment-bad" / "denoiser.safetensors"));
    };
    refused({"--augment", "warp=0.1"}, "none of rotation");
    refused({"--augment", "elastic"}, "NAME=NUMBER");
    refused({"--augment", "elastic=0.5"}, "elastic=0.5");
    refused({"--augment", "elastic=0.1", "--augment", "elastic=0.2"}, "twice");
    refused({"--no-augmentation", "--augment", "gamma=2"}, "--no-augmentation");
  }

  void trainClassifierAddsToTheBundle() {
    const auto bundle = m_folder / "with-classifier";
    std::filesystem::copy(m_folder / "straight", bundle, std::filesystem::copy_options::recursive);
    const auto denoiserHash = engine::ModelBundle::load(bundle).denoiserSha256();
    const auto run = test::runCli(trainArguments("train-classifier", bundle, 10));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto loaded = engine::ModelBundle::load(bundle);
    QVERIFY(loaded.classifierConfig().has_value());
    QCOMPARE(loaded.classifierConfig()->classes, 2);
    QCOMPARE(loaded.denoiserSha256(), denoiserHash);
    const auto& training = loaded.description().at("training");
    QVERIFY(training.contains("denoiser"));
    // The accuracy is the mean over 5 timesteps of correct / examples: each per-timestep value
    // is a whole number of examples, and their mean is the stated accuracy.
    const auto& validation = training.at("classifier").at("validation");
    const double examples = validation.at("examples").get<double>();
    QVERIFY(examples > 0.0);
    QCOMPARE(validation.at("per_timestep").size(), std::size_t{5});
    double sum = 0.0;
    for (const auto& [timestep, value] : validation.at("per_timestep").items()) {
      const double correct = value.get<double>() * examples;
      QVERIFY2(std::abs(correct - std::round(correct)) < 1e-6, timestep.c_str());
      sum += value.get<double>();
    }
    QVERIFY(std::abs(validation.at("accuracy").get<double>() - sum / 5.0) < 1e-12);
    QVERIFY(!training.at("classifier").at("held_back_slices").empty());
    QCOMPARE(lineCount(bundle / "classifier_loss.csv"), 11);
    loaded.createClassifier();
  }

  void segmentersAndFewShotJoinTheBundleAndLocalize() {
    const auto bundle = m_folder / "with-segmenters";
    std::filesystem::copy(m_folder / "straight", bundle, std::filesystem::copy_options::recursive);
    const auto localize = [&](const std::filesystem::path& model, QStringList extra) {
      return test::runCli(QStringList{"localize", pathArgument(m_folder / "volume.nii.gz"),
                                      "--model", pathArgument(model), "--threads", "1", "-q", "-o",
                                      pathArgument(m_folder / "segment-out")}
                          << extra);
    };
    verifyOneLineError(localize(bundle, {"--method", "diffseg"}), "'segmenter'");
    // A warm start from a denoiser of another width is refused, not half-copied.
    auto otherWidth = trainArguments("train-segmenter", bundle, 10) << "--init-from"
                                                                    << "denoiser";
    otherWidth[otherWidth.indexOf("--channels") + 1] = "16";
    verifyOneLineError(test::runCli(otherWidth), "--init-from denoiser");
    // The Gaussian one starts from the bundle's denoiser (same --channels and --mults).
    for (const char* diffusion : {"gaussian", "bernoulli"}) {
      const auto run =
          test::runCli(trainArguments("train-segmenter", bundle, 10)
                       << "--diffusion" << diffusion << "--init-from"
                       << (std::string(diffusion) == "gaussian" ? "denoiser" : "none"));
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    }
    // Two runs of the same few-shot command give the same head.
    const auto fewShot = [&](const std::filesystem::path& target) {
      return test::runCli(trainArguments("train-fewshot", target, 10) << "--cases"
                                                                      << "2");
    };
    const auto twin = m_folder / "fewshot-twin";
    std::filesystem::copy(bundle, twin, std::filesystem::copy_options::recursive);
    for (const auto& target : {bundle, twin}) {
      const auto run = fewShot(target);
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    }
    QCOMPARE(engine::Sha256::ofFile(bundle / "fewshot.safetensors"),
             engine::Sha256::ofFile(twin / "fewshot.safetensors"));

    const auto loaded = engine::ModelBundle::load(bundle);
    QCOMPARE(loaded.denoiserConfig("segmenter")->inChannels, 2);
    QCOMPARE(loaded.denoiserConfig("bernoulli_segmenter")->inChannels, 2);
    QVERIFY(loaded.fewShotConfig().has_value());
    const auto& training = loaded.description().at("training");
    QCOMPARE(training.at("bernoulli_segmenter").at("diffusion").get<std::string>(),
             std::string("bernoulli"));
    QVERIFY(training.at("segmenter").at("lesions").contains("families"));
    QCOMPARE(training.at("segmenter").at("init_from").at("sha256").get<std::string>(),
             loaded.denoiserSha256("denoiser"));
    QCOMPARE(training.at("bernoulli_segmenter").at("init_from").get<std::string>(),
             std::string("none"));
    QCOMPARE(training.at("fewshot").at("cases").size(), std::size_t{2});
    QCOMPARE(training.at("fewshot").at("source").at("sha256").get<std::string>(),
             loaded.denoiserSha256("denoiser"));
    QVERIFY(training.contains("denoiser"));  // the other entries survive

    // A method calibrated for the first time (its entry did not exist: once an internal error).
    const auto calibrated =
        test::runCli({"calibrate", pathArgument(m_folder / "volume.nii.gz"), "--slices", "16:18",
                      "--model", pathArgument(bundle), "--method", "fewshot", "--threads", "1"});
    QVERIFY2(calibrated.exitCode == 0, qPrintable(calibrated.err));
    QVERIFY(engine::ModelBundle::load(bundle).description().at("calibration").contains("fewshot"));

    for (const auto& method : {QStringList{"--method", "diffseg", "-K", "2", "-N", "1"},
                               QStringList{"--method", "bernoulli", "-K", "2", "-N", "1"},
                               QStringList{"--method", "fewshot"}}) {
      const auto run = localize(bundle, method);
      QVERIFY2(run.exitCode == 0, qPrintable(method.join(' ') + ": " + run.err));
      QVERIFY(std::filesystem::exists(m_folder / "segment-out" / "anomaly_map.nii.gz"));
      std::filesystem::remove_all(m_folder / "segment-out");
    }
  }

  /// The healthy denoiser is read alone, so it may be trained at its own size into a bundle
  /// whose other models work at another; a classifier, which steers the denoiser, may not.
  void aHealthyModelMayTrainAtItsOwnSize() {
    const auto small = m_folder / "dataset16";
    const auto made =
        test::runCli({"make-dataset", "--input", pathArgument(m_folder / "volume.nii.gz"), "-o",
                      pathArgument(small), "--resolution", "16", "--holdout", "16:24", "-q"});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    const auto bundle = m_folder / "two-sizes";
    std::filesystem::copy(m_folder / "straight", bundle, std::filesystem::copy_options::recursive);
    const auto onSmall = [&](const char* command) {
      auto arguments = trainArguments(command, bundle, 5);
      arguments[2] = pathArgument(small);
      return arguments;
    };
    const auto healthy = test::runCli(onSmall("train") << "--unconditional"
                                                       << "--slot"
                                                       << "healthy_denoiser");
    QVERIFY2(healthy.exitCode == 0, qPrintable(healthy.err));
    const auto loaded = engine::ModelBundle::load(bundle);
    QCOMPARE(loaded.resolution("healthy_denoiser"), 16);
    QCOMPARE(loaded.resolution("denoiser"), 32);
    QCOMPARE(loaded.resolution(), 32);
    verifyOneLineError(test::runCli(onSmall("train-classifier")), "denoiser for 32 px");
  }

  void wrongDatasetIsAOneLineError() {
    const auto missing = m_folder / "no-such-dataset";
    auto arguments = trainArguments("train", m_folder / "never", 5);
    arguments[2] = pathArgument(missing);
    verifyOneLineError(test::runCli(arguments), pathArgument(missing));
    QVERIFY(!std::filesystem::exists(m_folder / "never" / "denoiser.safetensors"));
  }

  void sigtermSavesACheckpointThatResumes() {
    const auto bundle = m_folder / "cancelled";
    QProcess process;
    process.start(ANOMADIFF_CLI, trainArguments("train", bundle, 100000));
    QVERIFY(process.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (!std::filesystem::exists(bundle / "checkpoints" / "denoiser_run.json") &&
           timer.elapsed() < 60000) {
      QThread::msleep(50);
    }
    QThread::msleep(500);
    process.terminate();  // SIGTERM
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY(process.readAllStandardError().contains("--resume"));
    const auto checkpoint = bundle / "checkpoints" / "denoiser_checkpoint.safetensors";
    const auto header = engine::SafeTensorsFile::readHeader(checkpoint);
    const int step = std::stoi(header.metadata.at("step"));
    const auto run = test::runCli(trainArguments("train", bundle, step + 3) << "--resume");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(lineCount(bundle / "denoiser_loss.csv"), step + 4);
    engine::ModelBundle::load(bundle);
  }
};

QTEST_GUILESS_MAIN(TrainCliTest)
#include "TrainCliTest.moc"
