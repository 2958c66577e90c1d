// A raw, coronal-stored scan in the GUI (issue 15): opening KmeansTest with a generated lesion
// and running the default analysis shows the intake stages (orientation, bias field,
// registration, brain mask) before the denoising, the pseudo-healthy volume while its slices
// finish, then findings where the lesion is, on the scan's own grid, with the brain outline and
// no banner; the four-up frame is kept for a person to look at.
#include "CliRunner.h"
#include "RealData.h"
#include "findings/FindingsModel.h"
#include "image/ImageReader.h"
#include "render/VtkOpenGLWidget.h"
#include "result/LocalizationResult.h"
#include "views/FourUpView.h"
#include "views/SliceView.h"
#include "window/AnalysisWorkflow.h"
#include "window/CentralArea.h"
#include "window/LocalizationController.h"
#include "window/MainWindow.h"
#include "window/WindowActions.h"

#include <QAction>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;

class IntakeWorkflowTest : public QObject {
  Q_OBJECT

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void aCoronalRawScanShowsItsIntakeAndThenTheLesion() {
    if (!std::filesystem::exists(test::kKmeansT1)) QSKIP("insighttoolkit5-examples missing");
    QTemporaryDir data;
    const auto cases = std::filesystem::path(data.filePath("cases").toStdString());
    const auto made =
        test::runCli({"make-lesions", test::kKmeansT1, "--mask", test::kKmeansLabels, "-n", "1",
                      "--families", "ellipsoid", "--min-size", "0.02", "--max-size", "0.04",
                      "--seed", "5", "-o", test::pathArgument(cases)});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));

    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openImage(test::pathArgument(cases / "case_0000_image.nii.gz")));
    WorkerSettings settings;
    settings.program = ANOMADIFF_CLI;
    settings.arguments = {"--threads", "2"};
    settings.threads = 2;
    settings.runsFolder = data.filePath("runs");
    window.startAnalysis(settings);
    AnalysisWorkflow* analysis = window.analysis();
    QSignalSpy ready(analysis, &AnalysisWorkflow::ready);
    QVERIFY(ready.wait(60000));

    QStringList stages;
    connect(analysis->controller(), &LocalizationController::jobProgress, this,
            [&stages](int, int, const QString& stage) {
              if (stages.isEmpty() || stages.last() != stage) stages << stage;
            });
    QSignalSpy previews(analysis, &AnalysisWorkflow::previewShown);
    QSignalSpy shown(analysis, &AnalysisWorkflow::resultShown);
    QSignalSpy failed(analysis, &AnalysisWorkflow::failed);
    analysis->run();
    QVERIFY2(shown.wait(600000),
             failed.isEmpty() ? "timeout" : qPrintable(failed[0][0].toString()));
    qInfo("stages: %s", qPrintable(stages.join(", ")));
    const auto stageAt = [&stages](const char* name) { return stages.indexOf(name); };
    QVERIFY(stageAt("orient") >= 0);
    QVERIFY(stageAt("bias field") > stageAt("orient"));
    QVERIFY(stageAt("register") > stageAt("bias field"));
    QVERIFY(stageAt("brain mask") > stageAt("register"));
    QVERIFY(stageAt("denoise") > stageAt("brain mask"));
    // The pseudo-healthy volume was shown while its slices were denoised, not only at the end.
    qInfo("%lld previews", static_cast<long long>(previews.count()));
    QVERIFY(previews.count() >= 2);

    // Findings on the scan's own (coronal) grid, the first one on the lesion.
    const LocalizationResult* result = analysis->result();
    QVERIFY(result != nullptr && result->brain != nullptr);
    QCOMPARE(result->anomalyMap->geometry(), window.image()->geometry());
    QVERIFY(window.findingsModel()->count() >= 1);
    const BoundingBox& box = window.findingsModel()->finding(0);
    const Image lesion = ImageReader().read(cases / "case_0000_label.nii.gz");
    double inside = 0, total = 0;
    for (std::size_t z = 0; z < lesion.depth(); ++z)
      for (std::size_t y = 0; y < lesion.height(); ++y)
        for (std::size_t x = 0; x < lesion.width(); ++x) {
          if (!(lesion.at(x, y, z) > 0)) continue;
          ++total;
          inside += x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height &&
                            z >= box.z && z < box.z + box.depth
                        ? 1
                        : 0;
        }
    qInfo("finding 1 holds %.0f%% of the lesion", 100 * inside / total);
    QVERIFY(inside > 0.5 * total);
    QVERIFY(!box.regions.empty());
    QVERIFY(!window.centralArea()->bannerVisible());
    QVERIFY(window.actions()->brainOutlineAction()->isChecked());
    QVERIFY(analysis->brainOutlineVisible());
    window.actions()->brainOutlineAction()->trigger();
    QVERIFY(!analysis->brainOutlineVisible());

    analysis->navigateTo(0);
    window.centralArea()->setLayout(CentralArea::Layout::FourUp);
    QTest::qWait(50);
    const QString frames = qEnvironmentVariable("ANOMADIFF_TEST_FRAMES");
    if (!frames.isEmpty()) {
      window.grabScreenshot().save(QDir(frames).filePath("intake_four_up.png"));
      window.centralArea()->setLayout(CentralArea::Layout::Comparison);
      window.actions()->brainOutlineAction()->trigger();
      window.grabScreenshot().save(QDir(frames).filePath("intake_comparison.png"));
    }
  }
};

QTEST_MAIN(IntakeWorkflowTest)
#include "IntakeWorkflowTest.moc"
