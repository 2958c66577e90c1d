#include "RealData.h"
#include "common/Error.h"
#include "image/ImageReader.h"
#include "localize/AnatomicalAtlas.h"
#include "localize/FindingAnatomy.h"
#include "report/FindingText.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace anomadiff;

namespace {

constexpr const char* kAalLabels = "/usr/share/mricron/templates/aal.nii.gz";
constexpr const char* kAalNames = "/usr/share/mricron/templates/aal.nii.txt";
constexpr const char* kHarvardOxfordLabels =
    "/usr/share/mricron/templates/HarvardOxford-cort-maxprob-thr0-1mm.nii.gz";

std::string fileText(const std::string& path) {
  std::ifstream stream(path);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

ImageGeometry cube(std::size_t size, double spacing) {
  ImageGeometry geometry;
  geometry.size = {size, size, size};
  geometry.spacing = {spacing, spacing, spacing};
  return geometry;
}

/// A 10 × 10 × 10 atlas of 2 mm voxels: label 1 ("Left") where x < 10 mm, label 2 ("Right")
/// from x = 10 mm on.
AnatomicalAtlas halvesAtlas() {
  Image labels = Image::filled(cube(10, 2.0), 0.0f);
  for (std::size_t z = 0; z < 10; ++z)
    for (std::size_t y = 0; y < 10; ++y)
      for (std::size_t x = 0; x < 10; ++x) labels.at(x, y, z) = x < 5 ? 1.0f : 2.0f;
  return AnatomicalAtlas("halves", labels, {{1, "Left"}, {2, "Right"}});
}

/// A model-space scan of 1 mm voxels whose anomaly map is 1 on x = 5 … 12 mm, y 5–9, z 5–7,
/// and a box around it. The atlas's nearest voxel turns at x = 9 mm (index 4.5 rounds up), so
/// x 5–8 is "Left" and x 9–12 "Right".
struct Finding {
  preprocess::PreparedScan scan;
  Image anomaly;
  BoundingBox box;
};

Finding straddlingFinding() {
  Finding finding;
  finding.scan.image = Image::filled(cube(20, 1.0), 1.0f);
  finding.scan.nativeGeometry = cube(20, 1.0);
  finding.anomaly = Image::filled(cube(20, 1.0), 0.0f);
  for (std::size_t z = 5; z < 8; ++z)
    for (std::size_t y = 5; y < 10; ++y)
      for (std::size_t x = 5; x < 13; ++x) finding.anomaly.at(x, y, z) = 1.0f;
  // The box is wider than the component: voxels below the threshold inside it do not count.
  finding.box.x = 4;
  finding.box.y = 4;
  finding.box.z = 4;
  finding.box.width = 12;
  finding.box.height = 7;
  finding.box.depth = 5;
  return finding;
}

}  // namespace

class FindingAnatomyTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void namesFilesOfBothLayoutsParse() {
    const auto names = AnatomicalAtlas::parseNames(
        "# comment\n1 Precentral_L 2001\r\n\n2\tInferior Frontal Gyrus, pars triangularis\t7\n"
        "3\tHeschl's Gyrus (includes H1 and H2)\n",
        "names.txt");
    QCOMPARE(names.size(), std::size_t(3));
    QCOMPARE(names.at(1), std::string("Precentral_L"));
    QCOMPARE(names.at(2), std::string("Inferior Frontal Gyrus, pars triangularis"));
    QCOMPARE(names.at(3), std::string("Heschl's Gyrus (includes H1 and H2)"));
  }

  void aBadNamesLineNamesTheFileAndLine() {
    try {
      AnatomicalAtlas::parseNames("1 First\nsecond line without index\n", "bad.txt");
      QFAIL("expected IoError");
    } catch (const IoError& error) {
      const std::string message = error.what();
      QVERIFY2(message.find("bad.txt") != std::string::npos, message.c_str());
      QVERIFY2(message.find("line 2") != std::string::npos, message.c_str());
    }
  }

  void labelsAreLookedUpByPhysicalPoint() {
    const AnatomicalAtlas atlas = halvesAtlas();
    QCOMPARE(atlas.labelAt({3.0, 3.0, 3.0}), 1);
    QCOMPARE(atlas.labelAt({10.9, 3.0, 3.0}), 2);  // voxel 5 spans 9–11 mm
    QCOMPARE(atlas.labelAt({-2.0, 3.0, 3.0}), 0);  // outside the grid
    QCOMPARE(atlas.nameOf(2), std::string("Right"));
    QCOMPARE(atlas.nameOf(0), std::string());
  }

  void regionsAreTheSharesOfTheComponentsVoxels() {
    Finding finding = straddlingFinding();
    finding.scan.report.inTemplateSpace = true;
    const std::vector<AnatomicalAtlas> atlases{halvesAtlas()};
    std::vector<BoundingBox> boxes{finding.box};
    FindingAnatomy(atlases).describe(boxes, finding.anomaly, 0.5f, finding.scan);
    QCOMPARE(boxes[0].regions.size(), std::size_t(2));
    QCOMPARE(boxes[0].regions[0].fraction, 0.5);
    QCOMPARE(boxes[0].regions[1].fraction, 0.5);
    QCOMPARE(boxes[0].regions[0].atlas, std::string("halves"));
    // 8 × 5 × 3 voxels of 1 mm³.
    QCOMPARE(boxes[0].volumeMl, 0.12);
  }

  void volumeIsInThePatientsMillimetres() {
    Finding finding = straddlingFinding();
    // The patient's head is twice the template's size: registration shrank it by 2 per axis.
    finding.scan.nativeToModel =
        preprocess::AffineTransform({0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5}, {0.0, 0.0, 0.0});
    finding.scan.report.registered = true;
    std::vector<BoundingBox> boxes{finding.box};
    FindingAnatomy({}).describe(boxes, finding.anomaly, 0.5f, finding.scan);
    QCOMPARE(boxes[0].volumeMl, 0.12 * 8.0);
  }

  void noRegionsOutsideTheTemplatesSpace() {
    Finding finding = straddlingFinding();
    const std::vector<AnatomicalAtlas> atlases{halvesAtlas()};
    std::vector<BoundingBox> boxes{finding.box};
    FindingAnatomy(atlases).describe(boxes, finding.anomaly, 0.5f, finding.scan);
    QVERIFY(boxes[0].regions.empty());
    QCOMPARE(boxes[0].volumeMl, 0.12);
  }

  /// Colin27's left precentral gyrus (AAL label 1) as a finding: AAL names it, and the
  /// Harvard-Oxford atlas — on FSL's other grid, stored left-to-right flipped, with the names
  /// file the bundle ships — names the same gyrus (73 % of AAL's voxels lie in its label 7).
  void realAtlasesNameTheLeftPrecentralGyrus() {
    const Image aal = ImageReader().read(kAalLabels);
    Finding finding;
    finding.scan.image = ImageReader().read(test::kColinBrain);
    finding.scan.nativeGeometry = finding.scan.image.geometry();
    finding.scan.report.inTemplateSpace = true;
    finding.anomaly = Image::filled(aal.geometry(), 0.0f);
    for (std::size_t i = 0; i < aal.voxelCount(); ++i) {
      if (aal.voxels()[i] == 1.0f) finding.anomaly.voxels()[i] = 1.0f;
    }
    finding.box.width = aal.width();
    finding.box.height = aal.height();
    finding.box.depth = aal.depth();
    const std::string harvardOxfordNames =
        std::string(ANOMADIFF_SOURCE_DIR) + "/resources/models/default/harvard-oxford-cortical.txt";
    const std::vector<AnatomicalAtlas> atlases{
        AnatomicalAtlas("AAL", aal, AnatomicalAtlas::parseNames(fileText(kAalNames), kAalNames)),
        AnatomicalAtlas(
            "Harvard-Oxford cortical", ImageReader().read(kHarvardOxfordLabels),
            AnatomicalAtlas::parseNames(fileText(harvardOxfordNames), harvardOxfordNames))};
    std::vector<BoundingBox> boxes{finding.box};
    FindingAnatomy(atlases).describe(boxes, finding.anomaly, 0.5f, finding.scan);
    const auto& regions = boxes[0].regions;
    QVERIFY(regions.size() >= 2);
    QCOMPARE(regions[0].atlas, std::string("AAL"));
    QCOMPARE(regions[0].name, std::string("Precentral_L"));
    QCOMPARE(regions[0].fraction, 1.0);
    const auto harvardOxford = std::find_if(regions.begin(), regions.end(), [](const auto& r) {
      return r.atlas == "Harvard-Oxford cortical";
    });
    QVERIFY(harvardOxford != regions.end());
    QCOMPARE(harvardOxford->name, std::string("Precentral Gyrus"));
    QVERIFY2(harvardOxford->fraction > 0.6, std::to_string(harvardOxford->fraction).c_str());
    const std::string where = FindingText::where(boxes[0]);
    QVERIFY2(where.rfind("AAL: Precentral_L 100 %", 0) == 0, where.c_str());
    // 28,174 voxels of 1 mm³.
    QCOMPARE(boxes[0].volumeMl, 28.174);
  }
};

QTEST_APPLESS_MAIN(FindingAnatomyTest)
#include "FindingAnatomyTest.moc"
