#include "result/LocalizationResult.h"

#include "common/Error.h"
#include "image/ImageReader.h"
#include "protocol/ResultFiles.h"

#include <QDir>
#include <QFile>

#include <filesystem>

namespace anomadiff::gui {
namespace {

using protocol::ResultFiles;

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
  result.pseudoHealthy = readMap(folder, ResultFiles::kPseudoHealthy);
  result.anomalyMap = readMap(folder, ResultFiles::kAnomalyMap);
  result.varianceMap = readMap(folder, ResultFiles::kVarianceMap);
  result.mask = readMap(folder, ResultFiles::kAnomalyMask);
  result.findings = BoxesJsonFile().read(fileIn(folder, ResultFiles::kBoxesJson));
  // Results written before the brain mask was a contract file have none.
  if (std::filesystem::exists(fileIn(folder, ResultFiles::kBrainMask))) {
    result.brain = readMap(folder, ResultFiles::kBrainMask);
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
