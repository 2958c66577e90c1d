// `anomadiff-cli reconstruct` end to end: a tiny bundle written here, a TorchScript denoiser
// compiled here, and the real executable.
#include "CliRunner.h"
#include "TestFolder.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNet.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"

#include <QProcess>
#include <QtTest>

#include <torch/script.h>

#include <fstream>

using namespace anomadiff;

namespace {

QString str(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

/// A 16×16 image with 2 slices (two batch items) of smooth values.
std::filesystem::path writeInput(const test::TestFolder& folder) {
  ImageGeometry geometry;
  geometry.size = {16, 16, 2};
  geometry.spacing = {1.5, 1.5, 3.0};
  geometry.origin = {-12.0, 4.0, 7.5};
  std::vector<float> voxels(geometry.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = std::sin(0.1f * float(i)) * 0.8f;
  const auto path = folder / "input.nii.gz";
  ImageWriter().write(Image(geometry, voxels), path);
  return path;
}

/// A bundle with an untrained 4-channel UNet (weights random, seed 0): enough to exercise I/O.
std::filesystem::path writeTinyBundle(const test::TestFolder& folder) {
  const auto bundle = folder / "bundle";
  std::filesystem::create_directories(bundle);
  engine::UNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2};
  config.maxNormGroups = 4;
  config.attentionHeads = 1;
  torch::manual_seed(0);
  engine::UNet unet(config);
  engine::SafeTensorsModule::save(*unet, bundle / engine::ModelBundle::kDenoiserFile);
  nlohmann::json description = {
      {"name", "tiny-test"},
      {"input", {{"resolution", 16}}},
      {"schedule", {{"type", "linear"}, {"steps", 1000}}},
      {"denoiser",
       {{"file", engine::ModelBundle::kDenoiserFile}, {"architecture", config.toJson()}}}};
  engine::ModelBundle::writeDescription(bundle, description);
  return bundle;
}

/// TorchScript ε(x, t) = 0: DDIM encoding then decoding must give the input back exactly.
std::filesystem::path writeZeroNoiseScript(const test::TestFolder& folder) {
  torch::jit::Module module("ZeroNoise");
  module.define(R"(
def forward(self, x: Tensor, t: Tensor) -> Tensor:
    return x * 0.0
)");
  const auto path = folder / "zero.pt";
  module.save(path.string());
  return path;
}

}  // namespace

class ReconstructCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void bundleReconstructionKeepsTheGridAndIsReproducible() {
    test::TestFolder folder;
    const auto input = writeInput(folder);
    const auto bundle = writeTinyBundle(folder);
    const QStringList common{
        "reconstruct", str(input),  "--model", str(bundle), "-L", "200",       "-K", "5", "-N",
        "3",           "--sampler", "ddpm",    "--seed",    "7",  "--threads", "2",  "-q"};
    const test::CliRun first =
        test::runCli(common + QStringList{"-o", str(folder / "a"), "--trace"});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const test::CliRun second = test::runCli(common + QStringList{"-o", str(folder / "b")});
    QCOMPARE(second.exitCode, 0);
    const Image a = ImageReader().read(folder / "a" / "reconstruction.nii.gz");
    const Image b = ImageReader().read(folder / "b" / "reconstruction.nii.gz");
    QCOMPARE(a.geometry(), ImageReader().read(input).geometry());
    QVERIFY(std::equal(a.voxels().begin(), a.voxels().end(), b.voxels().begin()));
    const Image variance = ImageReader().read(folder / "a" / "variance.nii.gz");
    QVERIFY(*std::max_element(variance.voxels().begin(), variance.voxels().end()) > 0.0f);
    // K denoising steps traced (forward noise has no encoding steps).
    QCOMPARE(std::distance(std::filesystem::directory_iterator(folder / "a" / "trace"), {}), 5);
    std::ifstream json(folder / "a" / "reconstruct.json");
    const auto provenance = nlohmann::json::parse(json);
    QCOMPARE(provenance.at("seed").get<int>(), 7);
    QCOMPARE(provenance.at("threads").get<int>(), 2);
    QCOMPARE(provenance.at("ensemble").get<int>(), 3);
    QCOMPARE(provenance.at("model_sha256").get<std::string>().size(), std::size_t{64});
  }

  void ddimRoundTripWithTorchScriptReturnsTheInput() {
    test::TestFolder folder;
    const auto input = writeInput(folder);
    const auto script = writeZeroNoiseScript(folder);
    const test::CliRun run = test::runCli(
        {"reconstruct", str(input), "--torchscript", str(script), "--trust-model", "--encoder",
         "ddim", "--sampler", "ddim", "-L", "500", "-K", "20", "-o", str(folder / "out"), "-q"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const Image original = ImageReader().read(input);
    const Image back = ImageReader().read(folder / "out" / "reconstruction.nii.gz");
    for (std::size_t i = 0; i < original.voxelCount(); ++i) {
      QVERIFY(std::fabs(back.voxels()[i] - original.voxels()[i]) < 1e-4f);
    }
  }

  void torchScriptNeedsTrust() {
    test::TestFolder folder;
    const test::CliRun run =
        test::runCli({"reconstruct", str(writeInput(folder)), "--torchscript",
                      str(writeZeroNoiseScript(folder)), "-o", str(folder / "out")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("--trust-model") && run.err.contains("sha256"), qPrintable(run.err));
    QVERIFY(!std::filesystem::exists(folder / "out" / "reconstruction.nii.gz"));
  }

  void levelBeyondTIsNamed() {
    test::TestFolder folder;
    const test::CliRun run =
        test::runCli({"reconstruct", str(writeInput(folder)), "--model",
                      str(writeTinyBundle(folder)), "-L", "1200", "-o", str(folder / "out")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("L=1200 exceeds T=1000"), qPrintable(run.err));
  }

  void relativeInputWorksAndAnInputIsNeverOverwritten() {
    test::TestFolder folder;
    const auto bundle = writeTinyBundle(folder);
    std::filesystem::copy_file(writeInput(folder), folder / "reconstruction.nii.gz");
    const auto before = std::filesystem::file_size(folder / "reconstruction.nii.gz");
    QProcess process;
    process.setWorkingDirectory(str(folder.path()));
    process.start(ANOMADIFF_CLI, {"reconstruct", "reconstruction.nii.gz", "--model", str(bundle),
                                  "-o", ".", "-L", "10", "-K", "2", "-q"});
    QVERIFY(process.waitForFinished(120000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(QString(process.readAllStandardError()).contains("overwrite the input"),
             "no overwrite message");
    QCOMPARE(std::filesystem::file_size(folder / "reconstruction.nii.gz"), before);
    // A relative input beside a relative output folder is fine.
    process.start(ANOMADIFF_CLI, {"reconstruct", "input.nii.gz", "--model", str(bundle), "-o",
                                  "out", "-L", "10", "-K", "2", "-q"});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QVERIFY(std::filesystem::exists(folder / "out" / "reconstruction.nii.gz"));
  }

  void tamperedWeightsAreRefused() {
    test::TestFolder folder;
    const auto bundle = writeTinyBundle(folder);
    {
      std::fstream weights(bundle / engine::ModelBundle::kDenoiserFile,
                           std::ios::in | std::ios::out | std::ios::binary);
      weights.seekp(-4, std::ios::end);
      weights.write("\x01\x02\x03\x04", 4);
    }
    const test::CliRun run = test::runCli({"reconstruct", str(writeInput(folder)), "--model",
                                           str(bundle), "-o", str(folder / "out")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("denoiser.safetensors") && run.err.contains("sha256"),
             qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(ReconstructCliTest)
#include "ReconstructCliTest.moc"
