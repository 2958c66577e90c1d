// Bad method parameters (L above the trained range, L <= 0, NaN L, NaN, infinite or huge s,
// N = 0) are refused naming the parameter before the model runs; results are never written onto
// an existing file, into a read-only folder or over the input or its mask.
#include "CaseFolder.h"
#include "NiftiBuilder.h"
#include "Phantom.h"
#include "Suites.h"

#include <QtTest>

#include <functional>

#include <unistd.h>

using namespace anomadiff::test;

namespace {

struct BadParameter {
  const char* name;
  const char* method;
  QStringList options;
  const char* problem;  ///< case-insensitive regex; lookaheads demand several words
};

struct BadExport {
  const char* name;
  const char* mustName;  ///< the file or folder the message must name
  const char* problem;
  /// Prepares in/ and returns the arguments after `localize`.
  std::function<QStringList(const CaseFolder&)> prepare;
};

std::string scan() {
  return NiftiBuilder(Phantom::voxels(64, 64), {64, 64, 1}).bytes();
}

const std::vector<BadParameter>& badParameters() {
  // The default bundle's denoisers were trained on t in [0, 600].
  static const std::vector<BadParameter> cases = {
      {"L above the trained range",
       "ddpm",
       {"-L", "800"},
       "^(?=.*(noise.level|\\bL\\b))(?=.*800)(?=.*(600|train))"},
      {"L zero", "ddpm", {"-L", "0"}, "^(?=.*(noise.level|\\bL\\b))(?=.*\\b0\\b)"},
      {"L negative", "ddpm", {"-L", "-5"}, "^(?=.*(noise.level|\\bL\\b))(?=.*-5)"},
      {"L NaN", "ddpm", {"-L", "nan"}, "^(?=.*(noise.level|\\bL\\b))(?=.*nan)"},
      {"s NaN", "ddim-cg", {"-s", "nan"}, "^(?=.*(guidance.scale|\\bs\\b))(?=.*nan)"},
      {"s infinite", "ddim-cg", {"-s", "inf"}, "^(?=.*(guidance.scale|\\bs\\b))(?=.*inf)"},
      {"s huge",
       "ddim-cg",
       {"-s", "1e30"},
       "^(?=.*(guidance.scale|\\bs\\b))(?=.*(1e\\+?30|10\\^30|1000000000000000019884624838656))"},
      {"N zero", "ddpm", {"-N", "0"}, "^(?=.*(ensemble|\\bN\\b))(?=.*\\b0\\b)"},
  };
  return cases;
}

QStringList intensity(const CaseFolder& folder, const std::string& input,
                      const std::filesystem::path& output) {
  return {CaseFolder::arg(folder.in(input)),
          "-o",
          CaseFolder::arg(output),
          "--method",
          "intensity",
          "-q"};
}

const std::vector<BadExport>& badExports() {
  using F = const CaseFolder&;
  static const std::vector<BadExport> cases = {
      {"output is an existing file", "notes.txt", "folder|directory|exists",
       [](F f) {
         f.write(f.in("scan.nii"), scan());
         f.write(f.in("notes.txt"), "a reader's notes\n");
         return intensity(f, "scan.nii", f.in("notes.txt"));
       }},
      {"output is the input file", "scan.nii", "folder|directory|input",
       [](F f) {
         f.write(f.in("scan.nii"), scan());
         return intensity(f, "scan.nii", f.in("scan.nii"));
       }},
      {"output name equals the input", "anomaly_map.nii.gz", "input",
       [](F f) {
         f.write(f.in("anomaly_map.nii.gz"), scan());  // NIfTI, uncompressed: still readable
         return intensity(f, "anomaly_map.nii.gz", f.inputs());
       }},
      {"output name equals the mask", "brain_mask.nii.gz", "input|mask",
       [](F f) {
         f.write(f.in("scan.nii"), scan());
         f.write(f.in("brain_mask.nii.gz"), scan());
         return intensity(f, "scan.nii", f.inputs())
                << "--mask" << CaseFolder::arg(f.in("brain_mask.nii.gz"));
       }},
      {"volume over the memory budget", "scan.nii", "(?=.*memory budget)(?=.*64x64x40)(?=.*GiB)",
       [](F f) {
         f.write(f.in("scan.nii"), NiftiBuilder(Phantom::voxels(64, 64, 40), {64, 64, 40}).bytes());
         return intensity(f, "scan.nii", f.root() / "out") << "--memory-budget"
                                                           << "0.5";
       }},
      {"output folder read-only", "readonly", "permission|read-only|not writable|cannot write",
       [](F f) {
         f.write(f.in("scan.nii"), scan());
         std::filesystem::create_directories(f.in("readonly"));
         std::filesystem::permissions(f.in("readonly"), std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_exec);
         return intensity(f, "scan.nii", f.in("readonly"));
       }},
  };
  return cases;
}

}  // namespace

class ParameterExportTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void badParameterIsRefused_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < badParameters().size(); ++i)
      QTest::newRow(badParameters()[i].name) << int(i);
  }

  void badParameterIsRefused() {
    QFETCH(int, index);
    const BadParameter& bad = badParameters()[std::size_t(index)];
    CaseFolder folder;
    folder.write(folder.in("scan.nii"), scan());
    folder.run(QStringList{"localize", CaseFolder::arg(folder.in("scan.nii")), "-o",
                           CaseFolder::arg(folder.out()), "--method", bad.method, "-q"}
               << bad.options);
    const QString problem = folder.refusalProblem("", bad.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void badExportIsRefused_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < badExports().size(); ++i)
      QTest::newRow(badExports()[i].name) << int(i);
  }

  void badExportIsRefused() {
    QFETCH(int, index);
    const BadExport& bad = badExports()[std::size_t(index)];
    CaseFolder folder;
    const QStringList arguments = bad.prepare(folder);
    if (QString(bad.mustName) == "readonly" && access(folder.in("readonly").c_str(), W_OK) == 0) {
      QSKIP("a read-only folder is writable here (running as root): the case cannot be made");
    }
    folder.run(QStringList{"localize"} << arguments);
    const QString problem = folder.refusalProblem(bad.mustName, bad.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }
};

int runParameterExportTest(int argc, char** argv) {
  ParameterExportTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ParameterExportTest.moc"
