// The contract every method plugin keeps (docs/ARCHITECTURE.md §5), checked on every plugin the
// registry finds — a new plugin is tested by being built: a unique name and a summary; parameter
// descriptions whose defaults lie in their ranges (integers whole, a choice's range its names);
// and, on a tiny analytic bundle (AnalyticBundle: zero weights, so ε̂ ≡ 0) with the shipped
// bundle's stored defaults at a few steps, maps on the input's grid that are finite everywhere and
// zero outside the brain. The shipped bundle's own behaviour is DefaultBundleTest's.
#include "AnalyticBundle.h"
#include "engine/io/ModelBundle.h"
#include "image/ImageReader.h"
#include "localize/LocalizerRegistry.h"
#include "preprocess/BrainMask.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

using namespace anomadiff;
using anomadiff::preprocess::BrainMask;

namespace {

const std::filesystem::path kBinary = ANOMADIFF_BINARY_DIR;
const std::filesystem::path kShippedBundle = kBinary / "share/anomadiff/models/default";
const std::filesystem::path kExample = kBinary / "share/anomadiff/examples/example.nii.gz";

nlohmann::json shippedDescription() {
  std::ifstream file(kShippedBundle / "model.json");
  return nlohmann::json::parse(file);
}

/// The shipped bundle's `default_parameters` of a method (what `localize` starts from), then few
/// steps.
LocalizerParameters quickParameters(const Localizer& method) {
  auto parameters = LocalizerParameters::defaultsOf(method.parameters());
  const auto stored = shippedDescription().value("default_parameters", nlohmann::json{});
  if (stored.contains(method.name())) {
    for (const auto& [name, value] : stored[method.name()].items()) parameters.set(name, value);
  }
  if (parameters.has("steps")) parameters.set("steps", std::min(parameters.get("steps"), 2.0));
  if (parameters.has("ensemble")) parameters.set("ensemble", 2);
  return parameters;
}

/// The analytic bundle with model.json edited by `edit` (weights unchanged).
void writeEditedBundle(const std::filesystem::path& folder,
                       const std::function<void(nlohmann::json&)>& edit) {
  testing::AnalyticBundle::write(folder, shippedDescription());
  auto description = engine::ModelBundle::load(folder).description();
  edit(description);
  engine::ModelBundle::writeDescription(folder, description);
}

double largestDifference(const Image& a, const Image& b) {
  double largest = 0.0;
  for (std::size_t i = 0; i < a.voxelCount(); ++i) {
    largest = std::max(largest, double(std::abs(a.voxels()[i] - b.voxels()[i])));
  }
  return largest;
}

}  // namespace

class PluginContractTest : public QObject {
  Q_OBJECT

  std::unique_ptr<LocalizerRegistry> m_registry;
  QTemporaryDir m_folder;
  std::filesystem::path m_bundle;

 private Q_SLOTS:
  void initTestCase() {
    m_registry = std::make_unique<LocalizerRegistry>(ANOMADIFF_PLUGIN_DIR);
    QVERIFY2(m_registry->problems().empty(),
             m_registry->problems().empty() ? "" : m_registry->problems()[0].c_str());
    // Every plugin the build declares (cmake: ANOMADIFF_LOCALIZERS) was found.
    QCOMPARE(int(m_registry->names().size()), ANOMADIFF_PLUGIN_COUNT);
    m_bundle = std::filesystem::path(m_folder.path().toStdString()) / "analytic";
    testing::AnalyticBundle::write(m_bundle, shippedDescription());
  }

  void namesAndParameterDescriptionsAreSound() {
    std::set<std::string> names;
    for (const auto& name : m_registry->names()) {
      const auto method = m_registry->create(name);
      QCOMPARE(method->name(), name);
      QVERIFY2(names.insert(name).second, name.c_str());
      QVERIFY2(!method->summary().empty(), name.c_str());
      std::set<std::string> parameterNames;
      for (const auto& spec : method->parameters()) {
        const std::string where = name + " " + spec.name;
        QVERIFY2(parameterNames.insert(spec.name).second, where.c_str());
        QVERIFY2(!spec.label.empty() && !spec.help.empty(), where.c_str());
        QVERIFY2(spec.minimum <= spec.defaultValue && spec.defaultValue <= spec.maximum,
                 where.c_str());
        if (spec.isInteger)
          QVERIFY2(std::floor(spec.defaultValue) == spec.defaultValue, where.c_str());
        if (!spec.choices.empty()) {
          QVERIFY2(spec.isInteger && spec.minimum == 0.0, where.c_str());
          QCOMPARE(spec.maximum, double(spec.choices.size() - 1));
        }
      }
      LocalizerParameters::defaultsOf(method->parameters()).validate(method->parameters());
    }
  }

  void everyMethodMapsTheExampleInsideTheBrain() {
    const Image input = ImageReader().read(kExample);
    const Image brain = BrainMask::fromSkullStripped(input);
    for (const auto& name : m_registry->names()) {
      const auto method = m_registry->create(name);
      if (method->needsModel()) method->useModel(m_bundle);
      NullProgressSink progress;
      const auto maps =
          method->run(input, &brain, quickParameters(*method), progress, CancelToken());
      for (const Image* map : {&maps.pseudoHealthy, &maps.anomalyMap, &maps.varianceMap}) {
        QVERIFY2(map->geometry() == input.geometry(), name.c_str());
        QVERIFY2(map->nonFiniteCount() == 0, name.c_str());
      }
      double inside = 0.0, outside = 0.0;
      for (std::size_t i = 0; i < input.voxelCount(); ++i) {
        (brain.voxels()[i] > 0 ? inside : outside) += std::abs(maps.anomalyMap.voxels()[i]);
      }
      QVERIFY2(inside > 0.0, name.c_str());
      QVERIFY2(outside == 0.0, name.c_str());
      if (method->needsModel()) QVERIFY2(method->modelEvaluations() > 0, name.c_str());
      const double meanInside = inside / double(BrainMask::voxelCount(brain));
      qInfo("%s: maps on %zux%zu, mean anomaly inside the brain %.4g", name.c_str(), input.width(),
            input.height(), meanInside);
      // Closed form: ddim-cg encodes with DDIM and decodes with DDIM; with ε̂ ≡ 0 both are exact
      // (x_L = √ᾱ_L x, then x̂₀ = x_L / √ᾱ_L) and the zero classifier adds no gradient, so the
      // reconstruction is the input and the anomaly vanishes (up to float rounding and the
      // resampling to the model grid and back: ~1e-3 here). The noising methods stay far off
      // (~0.2).
      if (name == "ddim-cg") QVERIFY2(meanInside < 1e-2, qPrintable(QString::number(meanInside)));
      if (name == "ddpm") QVERIFY2(meanInside > 5e-2, qPrintable(QString::number(meanInside)));
      // A zero Bernoulli segmenter or fewshot head gives logit 0: P(lesion) = ½ at every brain
      // pixel of the model grid (brain-border pixels of the input grid interpolate with the
      // outside's 0).
      if (name == "bernoulli" || name == "fewshot")
        QVERIFY2(std::abs(meanInside - 0.5) < 0.05, qPrintable(QString::number(meanInside)));
    }
  }

  /// A healthy denoiser may work at its own size (its entry's `resolution`): the methods that
  /// reconstruct with it prepare slices on that grid, the others keep the bundle's.
  void slicesArePreparedOnTheGridOfTheModelThatReadsThem() {
    const auto root = std::filesystem::path(m_folder.path().toStdString());
    const int half = testing::AnalyticBundle::kResolution / 2;
    writeEditedBundle(root / "healthy-half",
                      [&](nlohmann::json& d) { d["healthy_denoiser"]["resolution"] = half; });
    writeEditedBundle(root / "all-half",
                      [&](nlohmann::json& d) { d["input"]["resolution"] = half; });
    const Image input = ImageReader().read(kExample);
    const Image brain = BrainMask::fromSkullStripped(input);
    const auto mapOf = [&](const std::string& name, const std::filesystem::path& bundle) {
      const auto method = m_registry->create(name);
      method->useModel(bundle);
      NullProgressSink progress;
      return method->run(input, &brain, quickParameters(*method), progress, CancelToken())
          .anomalyMap;
    };
    // ddpm reads the healthy denoiser: on its half-size grid, whatever input.resolution says.
    const Image ddpmHalf = mapOf("ddpm", root / "healthy-half");
    QVERIFY(largestDifference(ddpmHalf, mapOf("ddpm", root / "all-half")) < 1e-6);
    QVERIFY(largestDifference(ddpmHalf, mapOf("ddpm", m_bundle)) > 1e-2);
    // ddim-cg reads the conditional denoiser and the classifier: still on the bundle's grid.
    const Image guided = mapOf("ddim-cg", root / "healthy-half");
    QVERIFY(largestDifference(guided, mapOf("ddim-cg", m_bundle)) < 1e-6);
    QVERIFY(largestDifference(guided, mapOf("ddim-cg", root / "all-half")) > 1e-4);
  }
};

QTEST_GUILESS_MAIN(PluginContractTest)
#include "PluginContractTest.moc"
