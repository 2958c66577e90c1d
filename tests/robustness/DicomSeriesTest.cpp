// DICOM series folders that are not one clean stack — a missing slice, two slices at one
// position, a slice turned another way, a slice of another size — must be refused or read with
// a warning that says so, never stacked silently. A clean series of the same slices is the
// control: it must read.
#include "CaseFolder.h"
#include "DicomSliceWriter.h"
#include "Phantom.h"
#include "ResultMap.h"
#include "Suites.h"

#include <QtTest>

#include <functional>

using namespace anomadiff::test;

namespace {

constexpr int kSlices = 8;
constexpr double kSliceSpacing = 2.0;

struct BrokenSeries {
  const char* name;
  const char* problem;  ///< what the warning or the error must say (case-insensitive regex)
  /// Changes slice k of the clean series; returns false to leave the slice out.
  std::function<bool(int k, DicomSlice&)> change;
};

/// Writes in/series: the clean 8-slice series with `change` applied to each slice.
void writeSeries(const CaseFolder& folder, const std::function<bool(int, DicomSlice&)>& change) {
  const DicomSliceWriter writer;
  const auto pixels = Phantom::voxels(64, 64);
  for (int k = 0; k < kSlices; ++k) {
    DicomSlice slice;
    slice.position = {0, 0, k * kSliceSpacing};
    slice.instance = k + 1;
    slice.pixels = pixels;
    if (change && !change(k, slice)) continue;
    QVERIFY(writer.write(slice, folder.in("series/slice" + std::to_string(k) + ".dcm")));
  }
}

const std::vector<BrokenSeries>& brokenSeries() {
  static const std::vector<BrokenSeries> cases = {
      {"missing slice", "missing|gap|spacing|uneven", [](int k, DicomSlice&) { return k != 4; }},
      {"duplicate positions", "duplicate|same position",
       [](int k, DicomSlice& slice) {
         if (k == 5) slice.position[2] = 4 * kSliceSpacing;
         return true;
       }},
      {"mixed orientations", "orientation",
       [](int k, DicomSlice& slice) {
         if (k == 5) slice.orientation = {0, 1, 0, 1, 0, 0};
         return true;
       }},
      {"mixed sizes", "size|rows|columns|dimension",
       [](int k, DicomSlice& slice) {
         if (k != 5) return true;
         slice.rows = slice.columns = 32;
         slice.pixels = Phantom::voxels(32, 32);
         return true;
       }},
  };
  return cases;
}

QStringList localize(const CaseFolder& folder) {
  return {"localize", CaseFolder::arg(folder.in("series")),
          "-o",       CaseFolder::arg(folder.out()),
          "--method", "intensity",
          "-q"};
}

}  // namespace

class DicomSeriesTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cleanSeriesIsRead() {
    CaseFolder folder;
    writeSeries(folder, nullptr);
    if (QTest::currentTestFailed()) return;
    folder.run(localize(folder));
    QVERIFY2(folder.successProblem().isEmpty(), qPrintable(folder.successProblem()));
    const ResultMap map(folder.out() / "anomaly_map.nii.gz");
    QCOMPARE(map.size(), (std::array<std::int64_t, 3>{64, 64, kSlices}));
  }

  void brokenSeriesIsNeverStackedSilently_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < brokenSeries().size(); ++i)
      QTest::newRow(brokenSeries()[i].name) << int(i);
  }

  void brokenSeriesIsNeverStackedSilently() {
    QFETCH(int, index);
    const BrokenSeries& broken = brokenSeries()[std::size_t(index)];
    CaseFolder folder;
    writeSeries(folder, broken.change);
    if (QTest::currentTestFailed()) return;
    folder.run(localize(folder));
    const QString problem = folder.warnOrRefuseProblem("series", broken.problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }
};

int runDicomSeriesTest(int argc, char** argv) {
  DicomSeriesTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "DicomSeriesTest.moc"
