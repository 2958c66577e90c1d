#include "result/LocalizationResult.h"

#include "common/Error.h"
#include "image/ImageReader.h"

#include <QDir>
#include <QFile>

#include <filesystem>

namespace anomadiff::gui {
namespace {

std::filesystem::path fileIn(const QString& folder, const char* name) {
  return std::filesystem::path(
      QFile::encodeName(QDir(folder).filePath(QString::fromUtf8(name))).toStdString());
}

std::shared_ptr<const Image> readMap(const QString& folder, const char* name) {
  const auto path = fileIn(folder, name);
  if (!std::filesystem::exists(path)) {
    throw IoError("result folder '" + folder.toStdString() + "' has no " + name);
  }
  return std::make_shared<const Image>(ImageReader().read(path));
}

}  // namespace

LocalizationResult LocalizationResult::load(const QString& folder) {
  LocalizationResult result;
  result.folder = folder;
  result.pseudoHealthy = readMap(folder, "pseudo_healthy.nii.gz");
  result.anomalyMap = readMap(folder, "anomaly_map.nii.gz");
  result.varianceMap = readMap(folder, "variance_map.nii.gz");
  result.mask = readMap(folder, "anomaly_mask.nii.gz");
  result.findings = BoxesJsonFile().read(fileIn(folder, "boxes.json"));
  // Results written before the brain mask was a contract file have none.
  if (std::filesystem::exists(fileIn(folder, "brain_mask.nii.gz"))) {
    result.brain = readMap(folder, "brain_mask.nii.gz");
    if (result.brain->geometry().size != result.anomalyMap->geometry().size) result.brain.reset();
  }
  const auto& grid = result.anomalyMap->geometry().size;
  for (const auto* map :
       {result.pseudoHealthy.get(), result.varianceMap.get(), result.mask.get()}) {
    if (map->geometry().size != grid) {
      throw IoError("result folder '" + folder.toStdString() + "' holds maps of different sizes");
    }
  }
  return result;
}

}  // namespace anomadiff::gui
