// Damaged model bundles — a weights file whose hash does not match, cut short, with a forged
// header length, holding NaN weights, an architecture the weights do not fit, a file missing —
// are refused before anything runs, with one line naming the file and the problem.
#include "BundleCopy.h"
#include "CaseFolder.h"
#include "NiftiBuilder.h"
#include "Phantom.h"
#include "SafeTensorsEdit.h"
#include "Suites.h"

#include <QJsonArray>
#include <QtTest>

#include <functional>

using namespace anomadiff::test;

namespace {

// ddpm is unguided, so it runs the bundle's healthy_denoiser (ModelBundle::slotForMethod).
const std::string kSlot = "healthy_denoiser";
const std::string kWeights = kSlot + ".safetensors";

struct DamagedBundle {
  const char* name;
  const char* mustName;  ///< the file the message must name ("": the regex says it)
  const char* problem;   ///< case-insensitive regex
  std::function<void(const BundleCopy&)> damage;
};

std::string weights(const BundleCopy& bundle) {
  return CaseFolder::read(bundle.file(kWeights));
}

void editArchitecture(const BundleCopy& bundle, const std::function<void(QJsonObject&)>& edit) {
  bundle.editDescription([&](QJsonObject& description) {
    QJsonObject entry = description.value(QString::fromStdString(kSlot)).toObject();
    QJsonObject architecture = entry.value("architecture").toObject();
    edit(architecture);
    entry["architecture"] = architecture;
    description[QString::fromStdString(kSlot)] = entry;
  });
}

const std::vector<DamagedBundle>& damagedBundles() {
  using B = const BundleCopy&;
  static const std::vector<DamagedBundle> cases = {
      {"weights hash differs", kWeights.c_str(), "sha256",
       [](B b) { b.writeFile(kWeights, weights(b) + "x"); }},
      {"weights truncated", kWeights.c_str(), "truncat|bytes|beyond|exceeds|too short|size",
       [](B b) {
         b.replaceWeights(kSlot, SafeTensorsEdit(weights(b)).truncateTo(100000).bytes());
       }},
      {"weights header length 2^62", kWeights.c_str(), "header",
       [](B b) {
         b.replaceWeights(kSlot, SafeTensorsEdit(weights(b)).headerLength(1ull << 62).bytes());
       }},
      {"weights NaN", kWeights.c_str(), "NaN|non-finite|not finite",
       [](B b) {
         SafeTensorsEdit edit(weights(b));
         QVERIFY(!edit.fillLargestFloatTensorWithNaN().empty());
         b.replaceWeights(kSlot, edit.bytes());
       }},
      {"architecture wider than the weights", kSlot.c_str(), "shape|architecture|mismatch|size",
       [](B b) { editArchitecture(b, [](QJsonObject& a) { a["base_channels"] = 64; }); }},
      // Names the slot or model.json, where the key has to be fixed.
      {"architecture with an unknown key", "", "^(?=.*(healthy_denoiser|model\\.json))(?=.*colour)",
       [](B b) { editArchitecture(b, [](QJsonObject& a) { a["colour"] = 3; }); }},
      // Found by fuzz_model_json: the missing key escaped ModelBundle::load as a raw
      // nlohmann::json exception, whose message names no file.
      {"weights entry without sha256", "model.json", "sha256",
       [](B b) {
         b.editDescription([](QJsonObject& description) {
           QJsonObject entry = description.value(QString::fromStdString(kSlot)).toObject();
           entry.remove("sha256");
           description[QString::fromStdString(kSlot)] = entry;
         });
       }},
      // Found by fuzz_model_json: ModelBundle::resolution() and name() threw raw
      // nlohmann::json exceptions on these after a successful load.
      {"model.json without input", "model.json", "input",
       [](B b) {
         b.editDescription([](QJsonObject& description) { description.remove("input"); });
       }},
      // Found by fuzz_model_json: a std::filesystem::filesystem_error escaped the loader.
      {"weights file name too long", "", "weights.*(not exist|missing|not found)",
       [](B b) {
         b.editDescription([](QJsonObject& description) {
           QJsonObject entry = description.value(QString::fromStdString(kSlot)).toObject();
           entry["file"] = QString(300, 'w');
           description[QString::fromStdString(kSlot)] = entry;
         });
       }},
      {"model.json name not a string", "model.json", "name",
       [](B b) { b.editDescription([](QJsonObject& description) { description["name"] = 3; }); }},
      {"weights file missing", kWeights.c_str(), "not exist|missing|not found|no such",
       [](B b) { std::filesystem::remove(b.file(kWeights)); }},
      {"model.json missing", "model.json", "not exist|missing|not found|no such",
       [](B b) { std::filesystem::remove(b.file("model.json")); }},
      {"model.json truncated", "model.json", "JSON|parse|syntax|unexpected",
       [](B b) {
         b.writeFile("model.json", CaseFolder::read(b.file("model.json")).substr(0, 500));
       }},
  };
  return cases;
}

}  // namespace

class ModelBundleTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!std::filesystem::exists(BundleCopy::shipped() / "model.json"))
      QSKIP("no default bundle in resources/models/default");
  }

  void damagedBundleIsRefused_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < damagedBundles().size(); ++i)
      QTest::newRow(damagedBundles()[i].name) << int(i);
  }

  void damagedBundleIsRefused() {
    QFETCH(int, index);
    const DamagedBundle& damaged = damagedBundles()[std::size_t(index)];
    CaseFolder folder;
    folder.write(folder.in("scan.nii"), NiftiBuilder(Phantom::voxels(64, 64), {64, 64, 1}).bytes());
    const BundleCopy bundle(folder.in("bundle"));
    damaged.damage(bundle);
    if (QTest::currentTestFailed()) return;
    // Few steps and one member: should a damaged bundle run after all, it runs briefly.
    folder.run({"localize", CaseFolder::arg(folder.in("scan.nii")), "-o",
                CaseFolder::arg(folder.out()), "--model", CaseFolder::arg(bundle.folder()),
                "--method", "ddpm", "-K", "2", "-N", "1", "-q"});
    const QString problem = folder.refusalProblem(damaged.mustName, damaged.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }
};

int runModelBundleTest(int argc, char** argv) {
  ModelBundleTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ModelBundleTest.moc"
