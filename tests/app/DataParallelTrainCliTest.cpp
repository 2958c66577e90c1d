// `anomadiff-cli train` / `train-classifier` as a data-parallel group of two processes on
// localhost (c10d TCPStore + Gloo): the same steps as one process, run-to-run identical, resumable
// as a group, and a rank that dies, never arrives or was given other settings stops the others
// with a one-line error instead of a hang.
#include "CliRunner.h"
#include "TestFolder.h"
#include "engine/io/SafeTensorsFile.h"
#include "engine/io/Sha256.h"
#include "image/ImageWriter.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QThread>
#include <QtTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace anomadiff;
using test::pathArgument;

namespace {

constexpr int kGroupTimeoutMs = 240000;

/// A 36x40x36 textured ellipsoid "brain".
void writeVolume(const std::filesystem::path& path) {
  ImageGeometry geometry;
  geometry.size = {36, 40, 36};
  Image volume = Image::filled(geometry, 0.0f);
  for (std::size_t z = 0; z < 36; ++z) {
    for (std::size_t y = 0; y < 40; ++y) {
      for (std::size_t x = 0; x < 36; ++x) {
        const double r = std::pow((x - 17.5) / 14.0, 2) + std::pow((y - 19.5) / 17.0, 2) +
                         std::pow((z - 17.5) / 16.0, 2);
        if (r < 1.0) volume.at(x, y, z) = static_cast<float>(80.0 + 30.0 * std::sin(0.7 * x) + z);
      }
    }
  }
  ImageWriter().write(volume, path);
}

/// A TCP port nobody listens on right now (the kernel's choice for port 0).
int freePort() {
  const int socketId = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(socketId, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(socketId, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(socketId);
    return 29517;
  }
  const int port = ntohs(address.sin_port);
  ::close(socketId);
  return port;
}

/// ‖a − b‖₂ over every tensor of two weight files with the same tensors, and the largest |a − b|.
std::pair<double, double> difference(const std::filesystem::path& a,
                                     const std::filesystem::path& b) {
  const auto first = engine::SafeTensorsFile::read(a).tensors;
  const auto second = engine::SafeTensorsFile::read(b).tensors;
  if (first.size() != second.size()) return {INFINITY, INFINITY};
  double squares = 0.0;
  double largest = 0.0;
  for (const auto& [name, tensor] : first) {
    const auto other = second.find(name);
    if (other == second.end()) return {INFINITY, INFINITY};
    const auto delta = (tensor.to(torch::kFloat64) - other->second.to(torch::kFloat64));
    squares += delta.square().sum().item<double>();
    largest = std::max(largest, delta.abs().max().item<double>());
  }
  return {std::sqrt(squares), largest};
}

std::vector<double> losses(const std::filesystem::path& csv) {
  std::ifstream stream(csv);
  std::vector<double> values;
  std::string line;
  std::getline(stream, line);  // header
  while (std::getline(stream, line)) {
    const auto comma = line.find(',');
    values.push_back(std::stod(line.substr(comma + 1)));
  }
  return values;
}

struct Process {
  std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
  test::CliRun finish() {
    if (!process->waitForFinished(kGroupTimeoutMs)) {
      process->kill();
      process->waitForFinished();
      return {};
    }
    return {process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -2,
            QString::fromUtf8(process->readAllStandardOutput()),
            QString::fromUtf8(process->readAllStandardError())};
  }
};

}  // namespace

class DataParallelTrainCliTest : public QObject {
  Q_OBJECT

 private:
  test::TestFolder m_folder;
  std::filesystem::path m_dataset;

  /// One thread per rank, so two ranks use this machine's two cores.
  QStringList arguments(const char* command, const std::filesystem::path& bundle, int steps,
                        const char* learningRate = "1e-3") const {
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
            "4",
            "--warmup",
            "2",
            "--lr",
            learningRate,
            "-q"};
  }

  /// Starts rank `rank` of two; rank 1 finds the group through torchrun's environment
  /// variables, rank 0 through the options, so both ways are exercised.
  Process startRank(QStringList command, int rank, int port) const {
    Process started;
    if (rank == 0) {
      command << "--world-size"
              << "2"
              << "--rank"
              << "0"
              << "--store" << QString("127.0.0.1:%1").arg(port);
    } else {
      auto environment = QProcessEnvironment::systemEnvironment();
      environment.insert("WORLD_SIZE", "2");
      environment.insert("RANK", QString::number(rank));
      environment.insert("MASTER_ADDR", "127.0.0.1");
      environment.insert("MASTER_PORT", QString::number(port));
      started.process->setProcessEnvironment(environment);
    }
    started.process->start(ANOMADIFF_CLI, command);
    return started;
  }

  /// Both ranks with the same command; returns rank 0's and rank 1's results.
  std::pair<test::CliRun, test::CliRun> runGroup(const QStringList& command,
                                                 const QStringList& rankOneExtra = {}) const {
    const int port = freePort();
    auto zero = startRank(command, 0, port);
    auto one = startRank(command + rankOneExtra, 1, port);
    auto first = zero.finish();
    auto second = one.finish();
    return {first, second};
  }

  static void verifyOneLineError(const test::CliRun& run, const QString& expected) {
    QVERIFY2(run.exitCode > 0, qPrintable(QString::number(run.exitCode) + " " + run.err));
    QVERIFY2(run.err.startsWith("error: ") && run.err.contains(expected), qPrintable(run.err));
    QCOMPARE(run.err.trimmed().count('\n'), 0);
  }

 private Q_SLOTS:
  void initTestCase() {
    writeVolume(m_folder / "volume.nii.gz");
    m_dataset = m_folder / "dataset";
    const auto run =
        test::runCli({"make-dataset", "--input", pathArgument(m_folder / "volume.nii.gz"), "-o",
                      pathArgument(m_dataset), "--resolution", "32", "--holdout", "14:20", "-q"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  }

  void twoRanksTakeTheStepsOfOneProcess() {
    for (const char* command : {"train", "train-classifier"}) {
      const std::string kind = std::string(command) == "train" ? "denoiser" : "classifier";
      const auto single = m_folder / (kind + "-single");
      const auto grouped = m_folder / (kind + "-group");
      const auto one = test::runCli(arguments(command, single, 8));
      QVERIFY2(one.exitCode == 0, qPrintable(one.err));
      const auto [zero, first] = runGroup(arguments(command, grouped, 8));
      QVERIFY2(zero.exitCode == 0, qPrintable(zero.err));
      QVERIFY2(first.exitCode == 0, qPrintable(first.err));
      QVERIFY2(first.out.contains("rank 0 wrote the bundle"), qPrintable(first.out));

      // Same global batches, same draws: only the order of the float sums differs.
      const auto weights = kind + ".safetensors";
      const auto [norm, largest] = difference(single / weights, grouped / weights);
      const auto init = m_folder / (kind + "-init");
      QCOMPARE(test::runCli(arguments(command, init, 1, "1e-12")).exitCode, 0);
      const auto moved = difference(single / weights, init / weights).first;
      // Adam divides by √v: where a gradient element is ~0 the order of the float sums can
      // flip its update's sign, so the weights are compared relative to how far they moved
      // (measured after 8 steps: 0.1 % for the denoiser, 1.6 % for the cell classifier, whose
      // rare lesion cells leave many near-zero gradients); the loss curves agree to float
      // precision (checked below), which a wrong share of rows or draws would break at step 1.
      QVERIFY2(
          norm < 5e-2 * moved,
          qPrintable(QString("‖Δw‖ %1 (max %2), ‖w − w₀‖ %3").arg(norm).arg(largest).arg(moved)));
      const auto oneLosses = losses(single / (kind + "_loss.csv"));
      const auto groupLosses = losses(grouped / (kind + "_loss.csv"));
      QCOMPARE(groupLosses.size(), std::size_t{8});
      QCOMPARE(oneLosses.size(), groupLosses.size());
      for (std::size_t i = 0; i < oneLosses.size(); ++i) {
        QVERIFY2(
            std::abs(oneLosses[i] - groupLosses[i]) <= 1e-5 * std::max(1.0, oneLosses[i]),
            qPrintable(
                QString("step %1: %2 vs %3").arg(i + 1).arg(oneLosses[i]).arg(groupLosses[i])));
      }
      // The tolerance means something: another seed lands far away.
      const auto otherSeed = m_folder / (kind + "-seed1");
      QCOMPARE(test::runCli(arguments(command, otherSeed, 8) << "--seed"
                                                             << "1")
                   .exitCode,
               0);
      QVERIFY(difference(single / weights, otherSeed / weights).first > 100 * norm);

      const auto model = nlohmann::json::parse(std::ifstream(grouped / "model.json"));
      QCOMPARE(model.at("training").at(kind).at("data_parallel").at("world_size").get<int>(), 2);
    }
  }

  void sameSeedSameWeightsAndResumeAsAGroup() {
    const auto straight = m_folder / "straight";
    const auto again = m_folder / "again";
    const auto resumed = m_folder / "resumed";
    for (const auto& bundle : {straight, again}) {
      const auto [zero, one] = runGroup(arguments("train", bundle, 8));
      QVERIFY2(zero.exitCode == 0 && one.exitCode == 0, qPrintable(zero.err + one.err));
    }
    QCOMPARE(engine::Sha256::ofFile(again / "denoiser.safetensors"),
             engine::Sha256::ofFile(straight / "denoiser.safetensors"));

    // Rank 1 has no checkpoint of its own: it resumes from the bytes rank 0 sends.
    auto [zero, one] = runGroup(arguments("train", resumed, 4));
    QVERIFY2(zero.exitCode == 0 && one.exitCode == 0, qPrintable(zero.err + one.err));
    std::tie(zero, one) = runGroup(arguments("train", resumed, 8) << "--resume");
    QVERIFY2(zero.exitCode == 0 && one.exitCode == 0, qPrintable(zero.err + one.err));
    QCOMPARE(engine::Sha256::ofFile(resumed / "denoiser.safetensors"),
             engine::Sha256::ofFile(straight / "denoiser.safetensors"));
  }

  void aRankThatDiesStopsTheOthers() {
    const auto bundle = m_folder / "killed";
    const int port = freePort();
    auto zero = startRank(arguments("train", bundle, 1000000), 0, port);
    auto one = startRank(arguments("train", bundle, 1000000), 1, port);
    QElapsedTimer timer;
    timer.start();
    while (!std::filesystem::exists(bundle / "denoiser_loss.csv") && timer.elapsed() < 120000) {
      QThread::msleep(50);
    }
    QVERIFY(std::filesystem::exists(bundle / "denoiser_loss.csv"));
    one.process->kill();  // SIGKILL: no goodbye to the group
    timer.restart();
    const auto run = zero.finish();
    QVERIFY2(timer.elapsed() < 60000, "rank 0 waited for its dead peer");
    verifyOneLineError(run, "lost the group");
    QVERIFY(run.err.contains("--resume"));
    one.finish();
  }

  void aRankThatNeverArrivesTimesOut() {
    auto command = arguments("train", m_folder / "alone", 8)
                   << "--world-size"
                   << "2"
                   << "--rank"
                   << "0"
                   << "--store" << QString("127.0.0.1:%1").arg(freePort()) << "--group-timeout"
                   << "2";
    QElapsedTimer timer;
    timer.start();
    const auto run = test::runCli(command, 120000);
    QVERIFY2(timer.elapsed() < 60000, "the rendezvous ignored --group-timeout");
    verifyOneLineError(run, "could not meet the group at 127.0.0.1:");
    QVERIFY(!std::filesystem::exists(m_folder / "alone" / "denoiser.safetensors"));
  }

  void ranksWithOtherSettingsAreRefused() {
    const auto [zero, one] =
        runGroup(arguments("train", m_folder / "mixed", 8), {"--max-timestep", "300"});
    verifyOneLineError(zero, "training settings");
    verifyOneLineError(one, "training settings");
    QVERIFY(!std::filesystem::exists(m_folder / "mixed" / "denoiser.safetensors"));
  }

  void badGroupOptionsAreOneLineErrors() {
    const auto bundle = m_folder / "bad";
    verifyOneLineError(test::runCli(arguments("train", bundle, 8) << "--world-size"
                                                                  << "2"
                                                                  << "--rank"
                                                                  << "2"),
                       "--rank 2 is outside 0..1");
    auto oddBatch = arguments("train", bundle, 8);
    oddBatch[oddBatch.indexOf("--batch") + 1] = "3";
    verifyOneLineError(test::runCli(oddBatch << "--world-size"
                                             << "2"
                                             << "--rank"
                                             << "1"),
                       "does not divide among 2 ranks");
    verifyOneLineError(test::runCli(arguments("train", bundle, 8) << "--world-size"
                                                                  << "2"
                                                                  << "--store"
                                                                  << "nohostport"),
                       "is not HOST:PORT");
    // Segmenters train in one process: the options do not exist there.
    const auto segmenter = test::runCli(arguments("train-segmenter", bundle, 8) << "--world-size"
                                                                                << "2");
    QVERIFY(segmenter.exitCode != 0);
    QVERIFY2(segmenter.err.contains("--world-size"), qPrintable(segmenter.err));
    QVERIFY(!std::filesystem::exists(bundle / "checkpoints"));
  }
};

QTEST_GUILESS_MAIN(DataParallelTrainCliTest)
#include "DataParallelTrainCliTest.moc"
