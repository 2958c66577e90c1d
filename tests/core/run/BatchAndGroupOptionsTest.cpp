// The parsing halves of `batch` and data-parallel training, in process: which inputs a batch
// has and how shards split them, the manifest's resume rules, and the group options from the
// command line and torchrun's environment (the CLI tests cover the running halves).
#include "common/Error.h"
#include "engine/training/DataParallelOptions.h"
#include "run/BatchInputs.h"
#include "run/BatchManifest.h"
#include "run/BatchShard.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fstream>
#include <set>

using namespace anomadiff;
using namespace anomadiff::run;

namespace {

void touch(const std::filesystem::path& path) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << "x";
}

/// The message of the InvalidArgument `call` throws ("" when it throws none; another exception
/// fails the test by escaping).
template <typename Exception, typename Call>
std::string errorOf(Call call) {
  try {
    call();
  } catch (const Exception& error) {
    return error.what();
  }
  return {};
}

/// Sets an environment variable for the scope of one test.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const char* value) : m_name(name) { ::setenv(name, value, 1); }
  ~ScopedVariable() { ::unsetenv(m_name); }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;

 private:
  const char* m_name;
};

}  // namespace

class BatchAndGroupOptionsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aFolderGivesItsImagesAndSeriesFoldersSortedWithUniqueNames() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    const auto archive = root / "archive";
    touch(archive / "b.nii.gz");
    touch(archive / "a.MHA");
    touch(archive / "a.png");  // same name as a.MHA: both get their number
    touch(archive / "notes.txt");
    touch(archive / ".hidden.nii");
    touch(archive / "series" / "IM0001");
    touch(archive / "out" / "stale.nii");  // the output folder inside the archive is skipped
    const auto inputs = BatchInputs::resolve(archive, archive / "out");
    QCOMPARE(inputs.size(), std::size_t(4));
    QCOMPARE(inputs[0].path.filename().string(), std::string("a.MHA"));
    QCOMPARE(inputs[0].resultName, std::string("a-0"));
    QCOMPARE(inputs[1].resultName, std::string("a-1"));
    QCOMPARE(inputs[2].resultName, std::string("b"));
    QCOMPARE(inputs[3].resultName, std::string("series"));
    for (std::size_t i = 0; i < inputs.size(); ++i) QCOMPARE(inputs[i].index, i);
  }

  void aListFileIsReadRelativeToItsFolderAndRefusesRepeats() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    std::ofstream(root / "list.txt") << "# studies\n\nscans/one.nii.gz\r\n/abs/two.nrrd  \n";
    const auto inputs = BatchInputs::resolve(root / "list.txt", root / "out");
    QCOMPARE(inputs.size(), std::size_t(2));
    QCOMPARE(inputs[0].path, std::filesystem::path("/abs/two.nrrd"));
    QCOMPARE(inputs[1].path, root / "scans" / "one.nii.gz");
    QCOMPARE(inputs[1].resultName, std::string("one"));

    std::ofstream(root / "twice.txt") << "x.nii\nx.nii\n";
    QVERIFY(errorOf<InvalidArgument>([&] {
              BatchInputs::resolve(root / "twice.txt", root);
            }).find("twice") != std::string::npos);
    std::ofstream(root / "empty.txt") << "# nothing\n";
    QVERIFY(errorOf<InvalidArgument>([&] {
              BatchInputs::resolve(root / "empty.txt", root);
            }).find("holds no image") != std::string::npos);
    QVERIFY(errorOf<InvalidArgument>([&] {
              BatchInputs::resolve(root / "missing", root);
            }).find("does not exist") != std::string::npos);
  }

  void shardsTakeEveryInputExactlyOnce() {
    for (int count = 1; count <= 4; ++count) {
      std::multiset<std::size_t> taken;
      for (int index = 0; index < count; ++index) {
        const auto shard = BatchShard::parse(std::to_string(index) + "/" + std::to_string(count));
        for (std::size_t input = 0; input < 23; ++input) {
          if (shard.takes(input)) taken.insert(input);
        }
      }
      QCOMPARE(taken.size(), std::size_t(23));
      for (std::size_t input = 0; input < 23; ++input) QCOMPARE(taken.count(input), std::size_t(1));
    }
    QCOMPARE(BatchShard::parse("0/1").fileTag(), std::string(""));
    QCOMPARE(BatchShard::parse("2/5").fileTag(), std::string("-2-of-5"));
    for (const char* bad : {"3/3", "-1/2", "1/0", "a/2", "1", "1/2/3"}) {
      QVERIFY2(!errorOf<InvalidArgument>([&] { BatchShard::parse(bad); }).empty(), bad);
    }
  }

  void aManifestResumesOnlyTheSameBatch() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    const nlohmann::json run = {{"method", "ddpm"},
                                {"model_sha256", "abc"},
                                {"parameters", {{"noise-level", 150}}},
                                {"inputs_total", 3}};
    BatchManifest first(root, BatchShard::parse("1/2"), run);
    BatchRecord record;
    record.index = 1;
    record.input = "in/a, \"quoted\".nii";
    record.result = "a";
    record.status = "failed";
    record.error = "cannot read image";
    first.record(record);
    QVERIFY(std::filesystem::exists(root / "manifest-1-of-2.json"));
    std::ifstream csv(root / "manifest-1-of-2.csv");
    std::string header, line;
    std::getline(csv, header);
    std::getline(csv, line);
    QVERIFY2(line.starts_with("1,\"in/a, \"\"quoted\"\".nii\",a,failed,cannot read image,"),
             line.c_str());

    BatchManifest again(root, BatchShard::parse("1/2"), run);
    QVERIFY(again.exists());
    again.resume();
    QVERIFY(again.find(1) && again.find(1)->error == "cannot read image");
    QVERIFY(!again.find(0));

    auto otherModel = run;
    otherModel["model_sha256"] = "def";
    BatchManifest other(root, BatchShard::parse("1/2"), otherModel);
    QVERIFY(errorOf<InvalidArgument>([&] { other.resume(); }).find("model_sha256") !=
            std::string::npos);
    QCOMPARE(BatchManifest::readAll(root).size(), std::size_t(1));
  }

  void groupOptionsComeFromTheEnvironmentAndTheStore() {
    engine::DataParallelOptions options;
    {
      const ScopedVariable world("WORLD_SIZE", "4");
      const ScopedVariable rank("RANK", "3");
      const ScopedVariable host("MASTER_ADDR", "node07");
      const ScopedVariable port("MASTER_PORT", "29611");
      options.readEnvironment();
    }
    QCOMPARE(options.worldSize, 4);
    QCOMPARE(options.rank, 3);
    QCOMPARE(options.host, std::string("node07"));
    QCOMPARE(options.port, 29611);
    QVERIFY(options.enabled());
    options.validate();

    options.setStore("[::1]:1234");
    QCOMPARE(options.host, std::string("::1"));
    QCOMPARE(options.port, 1234);
    for (const char* bad : {"nohost", ":80", "host:", "host:http"}) {
      QVERIFY2(!errorOf<InvalidArgument>([&] { options.setStore(bad); }).empty(), bad);
    }
    options.rank = 4;
    QVERIFY(errorOf<InvalidArgument>([&] {
              options.validate();
            }).find("--rank 4 is outside 0..3") != std::string::npos);
    const ScopedVariable broken("WORLD_SIZE", "two");
    QVERIFY(errorOf<InvalidArgument>([&] { options.readEnvironment(); }).find("WORLD_SIZE") !=
            std::string::npos);
  }
};

QTEST_GUILESS_MAIN(BatchAndGroupOptionsTest)
#include "BatchAndGroupOptionsTest.moc"
