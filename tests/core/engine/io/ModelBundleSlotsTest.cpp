// A bundle may hold a class-conditional denoiser and an unconditional healthy-anatomy one:
// methods without guidance reconstruct with the healthy model, guided ones with the
// conditional model, model.json's "method_denoisers" overrides both, "volume_denoisers" gives whole
// volumes a model of their own, and a bundle that names a slot it does not hold is refused with
// the method and the slot in the message.
#include "TestFolder.h"
#include "common/Error.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNet.h"
#include "engine/networks/UNetDenoiser.h"

#include <QtTest>

#include <fstream>

#include <torch/torch.h>

using namespace anomadiff;
using engine::ModelBundle;

namespace {

engine::UNetConfig tinyConfig(int classes) {
  engine::UNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2};
  config.maxNormGroups = 4;
  config.attentionHeads = 1;
  config.classes = classes;
  return config;
}

nlohmann::json entry(const std::filesystem::path& folder, const std::string& file, int classes) {
  torch::manual_seed(classes);
  engine::UNet unet(tinyConfig(classes));
  engine::SafeTensorsModule::save(*unet, folder / file);
  return {{"file", file}, {"architecture", tinyConfig(classes).toJson()}};
}

std::filesystem::path writeBundle(const test::TestFolder& folder, bool conditional, bool healthy,
                                  const nlohmann::json& methodDenoisers = nullptr) {
  const auto bundle = folder / "bundle";
  std::filesystem::create_directories(bundle);
  nlohmann::json description = {{"name", "slots-test"},
                                {"input", {{"resolution", 16}}},
                                {"schedule", {{"type", "linear"}, {"steps", 1000}}}};
  if (conditional) description["denoiser"] = entry(bundle, "denoiser.safetensors", 2);
  if (healthy) description["healthy_denoiser"] = entry(bundle, "healthy_denoiser.safetensors", 0);
  if (!methodDenoisers.is_null()) description["method_denoisers"] = methodDenoisers;
  ModelBundle::writeDescription(bundle, description);
  return bundle;
}

/// writeBundle's healthy bundle plus a volume_denoiser entry and the given volume_denoisers map.
std::filesystem::path writeVolumeBundle(const test::TestFolder& folder,
                                        const nlohmann::json& volumeDenoisers) {
  const auto path = writeBundle(folder, true, true);
  auto description = ModelBundle::load(path).description();
  torch::manual_seed(7);  // other weights than the healthy model's
  engine::UNet unet(tinyConfig(0));
  engine::SafeTensorsModule::save(*unet, path / "volume_denoiser.safetensors");
  description["volume_denoiser"] = {{"file", "volume_denoiser.safetensors"},
                                    {"architecture", tinyConfig(0).toJson()}};
  description["volume_denoisers"] = volumeDenoisers;
  ModelBundle::writeDescription(path, description);
  return path;
}

}  // namespace

class ModelBundleSlotsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void unguidedMethodsUseTheHealthyModel() {
    test::TestFolder folder;
    const auto bundle = ModelBundle::load(writeBundle(folder, true, true));
    QCOMPARE(bundle.primarySlot(), std::string("denoiser"));
    QCOMPARE(bundle.slotForMethod("ddpm", false), std::string("healthy_denoiser"));
    QCOMPARE(bundle.slotForMethod("ddim-cg", true), std::string("denoiser"));
    QCOMPARE(bundle.denoiserConfig("healthy_denoiser")->classes, 0);
    QCOMPARE(bundle.denoiserConfig().classes, 2);
    QVERIFY(!bundle.createDenoiser("healthy_denoiser")->isClassConditional());
    QVERIFY(bundle.createDenoiser("denoiser")->isClassConditional());
    QVERIFY(bundle.denoiserSha256("healthy_denoiser") != bundle.denoiserSha256("denoiser"));
  }

  void withoutAHealthyModelEveryMethodUsesTheOnlyOne() {
    test::TestFolder folder;
    const auto bundle = ModelBundle::load(writeBundle(folder, true, false));
    QCOMPARE(bundle.slotForMethod("ddpm", false), std::string("denoiser"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, bundle.createDenoiser("healthy_denoiser"));
  }

  void aHealthyModelAloneIsABundle() {
    test::TestFolder folder;
    const auto bundle = ModelBundle::load(writeBundle(folder, false, true));
    QCOMPARE(bundle.primarySlot(), std::string("healthy_denoiser"));
    QCOMPARE(bundle.slotForMethod("ddim-cg", true), std::string("healthy_denoiser"));
  }

  void theBundleMayAssignSlotsPerMethod() {
    test::TestFolder folder;
    const auto bundle = ModelBundle::load(writeBundle(folder, true, true, {{"pddpm", "denoiser"}}));
    QCOMPARE(bundle.slotForMethod("pddpm", false), std::string("denoiser"));
    QCOMPARE(bundle.slotForMethod("ddpm", false), std::string("healthy_denoiser"));
  }

  void wholeVolumesMayHaveAModelOfTheirOwn() {
    test::TestFolder folder;
    const auto bundle = ModelBundle::load(writeVolumeBundle(folder, {{"ddpm", "volume_denoiser"}}));
    QCOMPARE(bundle.slotForMethod("ddpm", false, true), std::string("volume_denoiser"));
    QCOMPARE(bundle.slotForMethod("ddpm", false), std::string("healthy_denoiser"));
    QCOMPARE(bundle.slotForMethod("thor", false, true), std::string("healthy_denoiser"));
    QCOMPARE(bundle.slotForMethod("ddim-cg", true, true), std::string("denoiser"));
    QVERIFY(bundle.denoiserSha256("volume_denoiser") != bundle.denoiserSha256("healthy_denoiser"));
    QVERIFY(!bundle.createDenoiser("volume_denoiser")->isClassConditional());
  }

  void aVolumeChoiceOfAMissingSlotIsNamed() {
    test::TestFolder folder;
    const auto path = writeVolumeBundle(folder, {{"ddpm", "segmenter"}});
    const auto bundle = ModelBundle::load(path);
    QCOMPARE(bundle.slotForMethod("ddpm", false), std::string("healthy_denoiser"));
    try {
      bundle.slotForMethod("ddpm", false, true);
      QFAIL("a volume slot the bundle lacks was accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("'segmenter' in volume_denoisers"), error.what());
    }
    auto description = bundle.description();
    description["volume_denoisers"] = {{"ddpm", 3}};
    ModelBundle::writeDescription(path, description);
    try {
      ModelBundle::load(path);
      QFAIL("a volume_denoisers entry that is not a slot name was accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("volume_denoisers"), error.what());
    }
  }

  void aTamperedVolumeModelIsRefused() {
    test::TestFolder folder;
    const auto path = writeVolumeBundle(folder, {{"ddpm", "volume_denoiser"}});
    {
      std::ofstream weights(path / "volume_denoiser.safetensors", std::ios::app);
      weights << "x";
    }
    QVERIFY_THROWS_EXCEPTION(IoError, ModelBundle::load(path));
  }

  void aMissingSlotIsNamed() {
    test::TestFolder folder;
    const auto bundle =
        ModelBundle::load(writeBundle(folder, true, false, {{"thor", "healthy_denoiser"}}));
    try {
      bundle.slotForMethod("thor", false);
      QFAIL("a slot the bundle lacks was accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("'thor'"), error.what());
      QVERIFY2(QString(error.what()).contains("'healthy_denoiser'"), error.what());
    }
  }

  void aSlotMayStateItsOwnResolution() {
    test::TestFolder folder;
    const auto path = writeBundle(folder, true, true);
    auto description = ModelBundle::load(path).description();
    description["healthy_denoiser"]["resolution"] = 24;
    ModelBundle::writeDescription(path, description);
    const auto bundle = ModelBundle::load(path);
    QCOMPARE(bundle.resolution("healthy_denoiser"), 24);
    QCOMPARE(bundle.resolution("denoiser"), 16);   // no own size: input.resolution
    QCOMPARE(bundle.resolution("segmenter"), 16);  // absent: input.resolution
    QCOMPARE(bundle.resolution(), 16);
    description["healthy_denoiser"]["resolution"] = 24.5;
    ModelBundle::writeDescription(path, description);
    try {
      ModelBundle::load(path);
      QFAIL("a fractional slot resolution was accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("healthy_denoiser.resolution"), error.what());
    }
  }

  void aTamperedHealthyModelIsRefused() {
    test::TestFolder folder;
    const auto path = writeBundle(folder, true, true);
    {
      std::ofstream weights(path / "healthy_denoiser.safetensors", std::ios::app);
      weights << "x";
    }
    QVERIFY_THROWS_EXCEPTION(IoError, ModelBundle::load(path));
  }
};

QTEST_GUILESS_MAIN(ModelBundleSlotsTest)
#include "ModelBundleSlotsTest.moc"
