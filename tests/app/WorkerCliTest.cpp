// `anomadiff-cli worker`: the GUI's JSON-lines protocol end to end — ready, progress, previews
// in the worker's own temporary folder (and those of killed workers cleaned up), result, cancel
// within a step, bad requests answered without dying, quit.
#include "TestFolder.h"
#include "WorkerThreads.h"
#include "image/ImageReader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace anomadiff;

namespace {

const std::filesystem::path kExample =
    std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/examples/example.nii.gz";

double correlation(const Image& a, const Image& b) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  const auto n = static_cast<double>(a.voxels().size());
  for (std::size_t i = 0; i < a.voxels().size(); ++i) {
    const double x = a.voxels()[i], y = b.voxels()[i];
    sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
  }
  const double cov = sab / n - sa / n * sb / n;
  return cov / std::sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
}

}  // namespace

class WorkerCliTest : public QObject {
  Q_OBJECT

  QProcess m_worker;
  test::TestFolder m_folder;

  void send(const QJsonObject& request) {
    m_worker.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + "\n");
  }

  /// Preview events seen so far (skipped by nextEvent).
  std::vector<QJsonObject> m_previews;

  /// The next event that is neither "progress" (counted into *progress when given) nor
  /// "preview" (kept in m_previews).
  QJsonObject nextEvent(int* progress = nullptr, int timeoutMs = 120000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
      while (m_worker.canReadLine()) {
        const auto event = QJsonDocument::fromJson(m_worker.readLine()).object();
        const QString kind = event["event"].toString();
        if (kind == "preview") {
          m_previews.push_back(event);
        } else if (kind != "progress") {
          return event;
        } else if (progress) {
          ++*progress;
        }
      }
      m_worker.waitForReadyRead(1000);
    }
    return {};
  }

  QJsonObject localize(const QString& id, const QString& method, const QString& output,
                       const QJsonObject& parameters = {}) {
    return {{"id", id},
            {"cmd", "localize"},
            {"input", QString::fromStdString(kExample.string())},
            {"output_dir", QString::fromStdString((m_folder / output.toStdString()).string())},
            {"method", method},
            {"parameters", parameters}};
  }

  /// The worker's temporary folder, holding the preview folders of a killed worker (a pid that
  /// has ended) and of a running process (this test), set up before the worker starts.
  std::filesystem::path temporaryFolder() const { return m_folder / "tmp"; }
  /// Where the worker with process id `pid` keeps its previews (WorkerPreviewFolder's naming).
  std::filesystem::path workerFolder(qint64 pid) const {
    return temporaryFolder() / ("anomadiff-worker-" + std::to_string(pid));
  }
  std::filesystem::path m_endedWorkerFolder;
  std::filesystem::path m_runningWorkerFolder;
  std::filesystem::path m_ownFolder;  ///< the worker's own

 private Q_SLOTS:
  void initTestCase() {
    QProcess ended;
    ended.start("true", {});
    QVERIFY(ended.waitForStarted());
    const auto endedPid = ended.processId();
    QVERIFY(ended.waitForFinished());
    m_endedWorkerFolder = workerFolder(endedPid);
    m_runningWorkerFolder = workerFolder(QCoreApplication::applicationPid());
    for (const auto& folder : {m_endedWorkerFolder, m_runningWorkerFolder}) {
      std::filesystem::create_directories(folder);
      QFile(QString::fromStdString((folder / "preview-1.nii").string())).open(QIODevice::WriteOnly);
    }

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("TMPDIR", QString::fromStdString(temporaryFolder().string()));
    m_worker.setProcessEnvironment(environment);
    m_worker.start(ANOMADIFF_CLI, {"worker", "--threads", test::workerThreads()});
    QVERIFY(m_worker.waitForStarted());
    m_ownFolder = workerFolder(m_worker.processId());
    QCOMPARE(nextEvent()["event"].toString(), QString("ready"));
    // A killed worker leaves its previews behind; the next worker removes them, never those of
    // a process that still runs.
    QVERIFY(!std::filesystem::exists(m_endedWorkerFolder));
    QVERIFY(std::filesystem::exists(m_runningWorkerFolder / "preview-1.nii"));
  }

  void localizesAndReportsProgress() {
    send(localize("a", "ddpm", "a", {{"steps", 5}, {"ensemble", 2}}));
    int progress = 0;
    const auto result = nextEvent(&progress);
    QCOMPARE(result["event"].toString(), QString("result"));
    QCOMPARE(result["id"].toString(), QString("a"));
    QVERIFY(progress >= 1);
    QVERIFY(result["network_evaluations"].toInt() > 0);
    QVERIFY(std::filesystem::exists(m_folder / "a" / "boxes.json"));
    QVERIFY(std::filesystem::exists(m_folder / "a" / "anomaly_map.nii.gz"));

    // A 2D input is previewed while it is denoised: x̂_0 on the input grid, outside the output
    // folder, and (from a model trained on this anatomy) close to the input itself.
    QVERIFY(!m_previews.empty());
    QCOMPARE(m_previews.front()["id"].toString(), QString("a"));
    const std::filesystem::path file = m_previews.back()["file"].toString().toStdString();
    QVERIFY(file.parent_path() != m_folder / "a");
    QCOMPARE(file.parent_path(), m_ownFolder);
    const Image preview = ImageReader().read(file);
    const Image input = ImageReader().read(kExample);
    QCOMPARE(preview.geometry().size, input.geometry().size);
    QVERIFY2(correlation(preview, input) > 0.8,
             qPrintable(QString::number(correlation(preview, input))));
  }

  void methodsCarryTheBundlesDefaultsAndCalibration() {
    send({{"id", "m"}, {"cmd", "methods"}});
    const auto event = nextEvent();
    QCOMPARE(event["event"].toString(), QString("methods"));
    QCOMPARE(event["id"].toString(), QString("m"));
    // The embedded bundle's model.json, read independently, is what the answer must reflect.
    QFile file(QString::fromStdString(
        (std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/models/default/model.json")
            .string()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto bundle = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(event["default_method"].toString(), bundle["default_method"].toString());
    QJsonObject pddpm;
    for (const auto& method : event["methods"].toArray()) {
      if (method.toObject()["name"] == "pddpm") pddpm = method.toObject();
    }
    QVERIFY(!pddpm.isEmpty());
    const auto calibrated = bundle["calibration"].toObject()["pddpm"].toObject();
    QCOMPARE(pddpm["calibration"].toObject()["fpr_5"].toDouble(), calibrated["fpr_5"].toDouble());
    const auto stored = bundle["default_parameters"].toObject()["pddpm"].toObject();
    QVERIFY(!stored.isEmpty());
    int checked = 0;
    for (const auto& value : pddpm["parameters"].toArray()) {
      const auto parameter = value.toObject();
      const auto name = parameter["name"].toString();
      if (!stored.contains(name)) continue;
      QCOMPARE(parameter["default"].toDouble(), stored[name].toDouble());
      ++checked;
    }
    QCOMPARE(checked, stored.size());
  }

  void cancelStopsARunningJobAndWritesNothing() {
    // 8 members x 400 steps at L = 500: minutes unless cancelled.
    send(localize("b", "ddpm", "b", {{"noise-level", 500}, {"steps", 400}, {"ensemble", 8}}));
    QElapsedTimer clock;
    clock.start();
    QString kind;
    // Running: the first progress (a preview may come before it).
    while (kind != "progress" && clock.elapsed() < 60000) {
      if (!m_worker.canReadLine()) {
        m_worker.waitForReadyRead(1000);
        continue;
      }
      kind = QJsonDocument::fromJson(m_worker.readLine()).object()["event"].toString();
    }
    QCOMPARE(kind, QString("progress"));
    send({{"id", "c"}, {"cmd", "cancel"}});
    const auto event = nextEvent(nullptr, 30000);
    QCOMPARE(event["event"].toString(), QString("cancelled"));
    QCOMPARE(event["id"].toString(), QString("b"));
    QVERIFY(!std::filesystem::exists(m_folder / "b"));
  }

  void badRequestsGetErrorsAndTheWorkerGoesOn() {
    m_worker.write("not json\n");
    auto event = nextEvent();
    QCOMPARE(event["event"].toString(), QString("error"));
    QVERIFY(event["id"].isNull());
    send({{"id", "d"}, {"cmd", "transmogrify"}});
    event = nextEvent();
    QCOMPARE(event["event"].toString(), QString("error"));
    QVERIFY(event["message"].toString().contains("transmogrify"));
    send(localize("e", "ddpm", "e", {{"noise-level", 5000}}));
    event = nextEvent();
    QCOMPARE(event["id"].toString(), QString("e"));
    QVERIFY2(event["message"].toString().contains("noise-level"),
             qPrintable(event["message"].toString()));
    send(localize("f", "intensity", "f"));
    event = nextEvent();
    QCOMPARE(event["event"].toString(), QString("result"));
    QCOMPARE(event["method"].toString(), QString("intensity"));
  }

  void quitEndsTheProcess() {
    send({{"cmd", "quit"}});
    QVERIFY(m_worker.waitForFinished(30000));
    QCOMPARE(m_worker.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_worker.exitCode(), 0);
    // Its own preview folder goes with it.
    QVERIFY(!std::filesystem::exists(m_ownFolder));
    QVERIFY(std::filesystem::exists(m_runningWorkerFolder));
  }
};

QTEST_GUILESS_MAIN(WorkerCliTest)
#include "WorkerCliTest.moc"
