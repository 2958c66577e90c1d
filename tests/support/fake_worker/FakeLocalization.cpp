#include "FakeLocalization.h"

#include "FakeCatalog.h"
#include "common/Error.h"
#include "common/Version.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "localize/ComponentBoxFinder.h"
#include "protocol/ResultFiles.h"
#include "report/BoxesCsvFile.h"
#include "report/BoxesJsonFile.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace anomadiff::test {
namespace {

using protocol::ResultFiles;

constexpr float kThreshold = 0.5f;

double parameterOr(const protocol::LocalizeCommand& command, const char* name, double fallback) {
  const auto found = command.parameters.find(name);
  return found != command.parameters.end() ? found->second : fallback;
}

float brainMedian(const Image& image) {
  std::vector<float> brain;
  for (float value : image.voxels())
    if (value > 0.0f) brain.push_back(value);
  if (brain.empty()) throw InvalidArgument("the brain mask is empty");
  std::nth_element(brain.begin(), brain.begin() + brain.size() / 2, brain.end());
  return brain[brain.size() / 2];
}

struct FakeMaps {
  Image pseudoHealthy, anomaly, variance, mask, brain;
};

FakeMaps mapsOf(const Image& input) {
  const float median = brainMedian(input);
  FakeMaps maps{input, Image::filled(input.geometry(), 0.0f), Image::filled(input.geometry(), 0.0f),
                Image::filled(input.geometry(), 0.0f), Image::filled(input.geometry(), 0.0f)};
  for (std::size_t i = 0; i < input.voxelCount(); ++i) {
    const float value = input.voxels()[i];
    if (value <= 0.0f) continue;
    const float anomaly = std::abs(value - median) / median;
    maps.brain.voxels()[i] = 1.0f;
    maps.anomaly.voxels()[i] = anomaly;
    maps.variance.voxels()[i] = 0.1f * anomaly;
    maps.mask.voxels()[i] = anomaly > kThreshold ? 1.0f : 0.0f;
    if (anomaly > kThreshold) maps.pseudoHealthy.voxels()[i] = median;
  }
  return maps;
}

}  // namespace

int FakeLocalization::ticks() const {
  if (m_command.method.value_or("ddpm") == "intensity") return 1;
  return static_cast<int>(parameterOr(m_command, "steps", 10) *
                          parameterOr(m_command, "ensemble", 4));
}

protocol::LocalizeResultEvent FakeLocalization::run(const Emit& emit,
                                                    const CancelToken& cancel) const {
  const std::string method = m_command.method.value_or("ddpm");
  FakeCatalog::check(method, m_command.parameters);
  const Image input = ImageReader().read(m_command.input);
  const auto started = std::chrono::steady_clock::now();
  const int total = ticks();
  for (int tick = 1; tick <= total; ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kTickMs));
    if (cancel.isCancelled()) throw Cancelled();
    if (tick == 1 || tick == total || tick % 10 == 0)
      emit(protocol::ProgressEvent{tick, total, "denoise"});
    if (tick == (total + 1) / 2) {
      const auto preview = m_previewFolder / "preview.nii";
      ImageWriter().write(input, preview);
      emit(protocol::PreviewEvent{preview.string(), tick});
    }
  }
  protocol::LocalizeResultEvent summary;
  summary.outputDir = m_command.outputDir;
  summary.method = method;
  summary.threshold = kThreshold;
  summary.thresholdSource = "fake";
  summary.networkEvaluations = total;
  writeResult(input, summary);
  summary.boxes = BoxesJsonFile()
                      .read(std::filesystem::path(m_command.outputDir) / ResultFiles::kBoxesJson)
                      .boxes.size();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

void FakeLocalization::writeResult(const Image& input,
                                   const protocol::LocalizeResultEvent& summary) const {
  const FakeMaps maps = mapsOf(input);
  const std::filesystem::path folder = m_command.outputDir;
  std::filesystem::create_directories(folder);
  FindingsDocument findings;
  findings.boxes =
      ComponentBoxFinder(m_command.minimumBoxArea).find(maps.anomaly, maps.variance, kThreshold);
  findings.threshold = kThreshold;
  findings.thresholdSource = summary.thresholdSource;
  findings.provenance.appVersion = kVersion;
  findings.provenance.method = summary.method;
  findings.provenance.modelName = "fake-model";
  findings.provenance.parameters = m_command.parameters;
  findings.provenance.input = m_command.input;
  findings.grid = input.geometry();
  ImageWriter().write(maps.pseudoHealthy, folder / ResultFiles::kPseudoHealthy);
  ImageWriter().write(maps.anomaly, folder / ResultFiles::kAnomalyMap);
  ImageWriter().write(maps.variance, folder / ResultFiles::kVarianceMap);
  ImageWriter().write(maps.mask, folder / ResultFiles::kAnomalyMask);
  ImageWriter().write(maps.brain, folder / ResultFiles::kBrainMask);
  BoxesJsonFile().write(findings, folder / ResultFiles::kBoxesJson);
  BoxesCsvFile().write(findings, folder / ResultFiles::kBoxesCsv);
}

}  // namespace anomadiff::test
