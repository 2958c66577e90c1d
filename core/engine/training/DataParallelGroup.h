#pragma once

#include "engine/training/DataParallelOptions.h"

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace anomadiff::engine {

/// The processes of one data-parallel training run, on PyTorch's own distributed backend
/// (c10d): a TCPStore for the rendezvous (served by rank 0) and a Gloo process group for the
/// collectives, as DistributedDataParallel uses them. Every collective waits at most
/// options.timeout; a rank that died or hangs turns into an Error on the others that says so,
/// never into a hang.
class DataParallelGroup {
 public:
  /// What one step exchanges besides the gradients.
  struct StepExchange {
    double meanLoss = 0.0;         ///< the loss averaged over the ranks
    bool cancelRequested = false;  ///< some rank was asked to stop
  };

  /// Meets the other ranks at options.host:port and opens the process group; blocks until all
  /// arrived. Throws Error naming the rank and the store when they do not within the timeout.
  static std::shared_ptr<DataParallelGroup> join(const DataParallelOptions& options);
  ~DataParallelGroup();
  DataParallelGroup(const DataParallelGroup&) = delete;
  DataParallelGroup& operator=(const DataParallelGroup&) = delete;

  int rank() const { return m_options.rank; }
  int worldSize() const { return m_options.worldSize; }

  /// Averages the gradients of `parameters` over the ranks in place, in one all-reduce of one
  /// flat float32 buffer that also carries each rank's loss and cancel flag (no extra round
  /// trip). A parameter without a gradient on every rank keeps none, as in one process.
  StepExchange averageGradients(const std::vector<torch::Tensor>& parameters, double loss,
                                bool cancelRequested);
  /// Bytes one rank sends into averageGradients for these parameters (the payload; a ring
  /// all-reduce moves about 2 (N − 1) / N of it each way).
  static std::int64_t exchangeBytes(const std::vector<torch::Tensor>& parameters);
  /// Σ of `value` over the ranks.
  double sum(double value);
  /// Overwrites every tensor with rank 0's (same shapes and types on every rank).
  void broadcastFromRankZero(const std::vector<torch::Tensor>& tensors);
  /// Rank 0's bytes, on every rank.
  std::string broadcastBytes(const std::string& bytes);
  /// Throws InvalidArgument on every rank when `text` differs between ranks (`what` names it in
  /// the message, e.g. "training settings").
  void requireSameEverywhere(const std::string& text, const std::string& what);

 private:
  struct Backend;  // the store and the Gloo group: c10d's headers stay out of this one
  DataParallelGroup(DataParallelOptions options, std::unique_ptr<Backend> backend);
  /// Runs the collective `start` begins and waits for it; a failure or a timeout becomes an Error
  /// naming `what`, this rank and the cause, followed by `advice`.
  template <typename Start>
  void collective(const char* what, const char* advice, Start start);
  void allReduceSum(torch::Tensor& buffer, const char* what);
  void broadcast(torch::Tensor& buffer, const char* what);

  DataParallelOptions m_options;
  std::unique_ptr<Backend> m_backend;
};

}  // namespace anomadiff::engine
