#include "run/BatchShard.h"

#include "common/Error.h"

namespace anomadiff::run {
namespace {

int parseCount(const std::string& text, const std::string& whole) {
  try {
    std::size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  throw InvalidArgument("--shard '" + whole + "' is not i/n with whole numbers");
}

}  // namespace

BatchShard BatchShard::parse(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) throw InvalidArgument("--shard '" + text + "' is not i/n");
  BatchShard shard;
  shard.index = parseCount(text.substr(0, slash), text);
  shard.count = parseCount(text.substr(slash + 1), text);
  if (shard.count < 1 || shard.index >= shard.count) {
    throw InvalidArgument(
        "--shard '" + text +
        "': i must lie in 0..n-1 (a Slurm array for n shards is --array=0-(n-1))");
  }
  return shard;
}

std::string BatchShard::fileTag() const {
  if (count == 1) return "";
  return "-" + std::to_string(index) + "-of-" + std::to_string(count);
}

}  // namespace anomadiff::run
