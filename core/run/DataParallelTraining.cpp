#include "run/DataParallelTraining.h"

#include "common/Error.h"
#include "engine/training/DataParallelGroup.h"
#include "engine/training/ModelTrainer.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <system_error>

namespace anomadiff::run {
namespace {

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw IoError("cannot read checkpoint '" + path.string() + "'");
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

/// A private file that is removed when it goes out of scope.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& name)
      : m_path(std::filesystem::temp_directory_path() /
               (name + "-" + std::to_string(::getpid()) + ".safetensors")) {}
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  void write(const std::string& bytes) const {
    std::ofstream stream(m_path, std::ios::binary | std::ios::trunc);
    stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!stream) throw IoError("cannot write '" + m_path.string() + "'");
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace

std::shared_ptr<engine::DataParallelGroup> DataParallelTraining::join(
    const TrainingRequest& request, const nlohmann::json& settings) {
  if (!request.dataParallel.enabled()) return nullptr;
  auto group = engine::DataParallelGroup::join(request.dataParallel);
  const nlohmann::json agreed = {{"settings", settings}, {"resume", request.resume}};
  group->requireSameEverywhere(agreed.dump(), "training settings or --resume");
  return group;
}

void DataParallelTraining::resume(engine::ModelTrainer& trainer, engine::DataParallelGroup& group,
                                  const std::filesystem::path& checkpoint) {
  if (group.rank() == 0) {
    trainer.loadCheckpoint(checkpoint);  // validated before its bytes go out
    group.broadcastBytes(readBytes(checkpoint));
    return;
  }
  const TemporaryFile received("anomadiff-rank" + std::to_string(group.rank()) + "-checkpoint");
  received.write(group.broadcastBytes({}));
  trainer.loadCheckpoint(received.path());
}

}  // namespace anomadiff::run
