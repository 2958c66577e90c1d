#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace anomadiff::engine {

/// Where a data-parallel training process sits in its group (torchrun's vocabulary): `worldSize`
/// processes, this one `rank`; rank 0 hosts the rendezvous store at host:port. worldSize 1 is
/// an ordinary single-process run.
struct DataParallelOptions {
  int worldSize = 1;
  int rank = 0;
  std::string host = "127.0.0.1";
  int port = 29500;
  /// How long a collective (or the rendezvous) may wait for the other ranks before the run
  /// stops with an error: a rank that hangs must not hang the group forever.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};

  bool enabled() const { return worldSize > 1; }
  /// Throws InvalidArgument naming the first bad field.
  void validate() const;
  /// Parses "HOST:PORT" (an IPv6 host in brackets: "[::1]:29500") into host and port; throws
  /// InvalidArgument naming `text`.
  void setStore(const std::string& text);
  /// Reads WORLD_SIZE, RANK, MASTER_ADDR and MASTER_PORT where they are set (what torchrun and
  /// Slurm wrappers export); fields whose variable is unset keep their value. Throws
  /// InvalidArgument naming a variable that is not a number.
  void readEnvironment();
};

}  // namespace anomadiff::engine
