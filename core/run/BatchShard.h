#pragma once

#include <cstddef>
#include <string>

namespace anomadiff::run {

/// Which part of a batch this process takes: every `count`-th input starting at `index`
/// (`--shard i/n`, i in 0..n-1), so n processes — a Slurm array, xargs, hosts — split any list
/// without talking to each other and every input lands in exactly one shard.
struct BatchShard {
  int index = 0;
  int count = 1;

  /// Parses "i/n"; throws InvalidArgument naming `text` when it is not 0 <= i < n.
  static BatchShard parse(const std::string& text);
  bool takes(std::size_t inputIndex) const {
    return static_cast<int>(inputIndex % static_cast<std::size_t>(count)) == index;
  }
  /// "" for the whole batch, else "-<i>-of-<n>" (manifest file names).
  std::string fileTag() const;
};

}  // namespace anomadiff::run
