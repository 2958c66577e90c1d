#include "engine/training/DataParallelGroup.h"

#include "common/Error.h"
#include "engine/io/Sha256.h"

// ProcessGroupGloo.hpp declares its class only when LibTorch was built with Gloo (Debian's is:
// USE_DISTRIBUTED, USE_C10D_GLOO); the CMake file defines the macro for this file alone.
#include <torch/torch.h>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace anomadiff::engine {

struct DataParallelGroup::Backend {
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

namespace {

std::string describe(const DataParallelOptions& options) {
  return "rank " + std::to_string(options.rank) + " of " + std::to_string(options.worldSize);
}

std::string storeAddress(const DataParallelOptions& options) {
  return options.host + ":" + std::to_string(options.port);
}

/// c10d's messages carry a backtrace after the first line; the user needs the first line.
std::string firstLine(const std::exception& error) {
  const auto* torchError = dynamic_cast<const c10::Error*>(&error);
  std::string text = torchError ? torchError->what_without_backtrace() : error.what();
  if (const auto end = text.find('\n'); end != std::string::npos) text.resize(end);
  return text;
}

std::string seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", duration.count() / 1000.0);
  return text;
}

bool isLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

/// Gloo's own network device: the interface GLOO_SOCKET_IFNAME names (as in PyTorch), the
/// loopback one for a single-machine group, else the address this machine's name resolves to.
std::shared_ptr<::gloo::transport::Device> glooDevice(const DataParallelOptions& options) {
  if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface) {
    return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
  }
  if (isLoopback(options.host)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

std::shared_ptr<DataParallelGroup> DataParallelGroup::join(const DataParallelOptions& options) {
  options.validate();
  auto backend = std::make_unique<Backend>();
  try {
    c10d::TCPStoreOptions storeOptions;
    storeOptions.port = static_cast<std::uint16_t>(options.port);
    storeOptions.isServer = options.rank == 0;
    storeOptions.numWorkers = static_cast<std::size_t>(options.worldSize);
    storeOptions.waitWorkers = true;
    storeOptions.timeout = options.timeout;
    backend->store = c10::make_intrusive<c10d::TCPStore>(options.host, storeOptions);
    auto groupOptions = c10d::ProcessGroupGloo::Options::create(options.timeout);
    groupOptions->devices.push_back(glooDevice(options));
    groupOptions->threads = 1;  // one all-reduce at a time: the compute threads keep the cores
    backend->group = c10::make_intrusive<c10d::ProcessGroupGloo>(backend->store, options.rank,
                                                                 options.worldSize, groupOptions);
  } catch (const std::exception& error) {
    throw Error("data-parallel training: " + describe(options) + " could not meet the group at " +
                storeAddress(options) + " within " + seconds(options.timeout) + " (" +
                firstLine(error) + ")");
  }
  return std::shared_ptr<DataParallelGroup>(new DataParallelGroup(options, std::move(backend)));
}

DataParallelGroup::DataParallelGroup(DataParallelOptions options, std::unique_ptr<Backend> backend)
    : m_options(std::move(options)), m_backend(std::move(backend)) {}

DataParallelGroup::~DataParallelGroup() = default;

template <typename Start>
void DataParallelGroup::collective(const char* what, const char* advice, Start start) {
  try {
    start()->wait(m_options.timeout);
  } catch (const std::exception& error) {
    throw Error("data-parallel training: " + describe(m_options) + " lost the group during " +
                what + " (" + firstLine(error) + ")" + advice);
  }
}

void DataParallelGroup::allReduceSum(torch::Tensor& buffer, const char* what) {
  std::vector<torch::Tensor> tensors{buffer};
  collective(what, ": another rank stopped or the network failed; restart every rank with --resume",
             [&] { return m_backend->group->allreduce(tensors); });
}

void DataParallelGroup::broadcast(torch::Tensor& buffer, const char* what) {
  std::vector<torch::Tensor> tensors{buffer};
  collective(what, "", [&] { return m_backend->group->broadcast(tensors); });
}

std::int64_t DataParallelGroup::exchangeBytes(const std::vector<torch::Tensor>& parameters) {
  std::int64_t values = 2;                                                   // loss and cancel flag
  for (const auto& parameter : parameters) values += parameter.numel() + 1;  // + "has a gradient"
  return values * static_cast<std::int64_t>(sizeof(float));
}

DataParallelGroup::StepExchange DataParallelGroup::averageGradients(
    const std::vector<torch::Tensor>& parameters, double loss, bool cancelRequested) {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> pieces;
  pieces.reserve(2 * parameters.size() + 1);
  for (const auto& parameter : parameters) {
    const auto& gradient = parameter.grad();
    const bool defined = gradient.defined();
    pieces.push_back(defined ? gradient.reshape({-1}).to(torch::kFloat32)
                             : torch::zeros({parameter.numel()}, torch::kFloat32));
    pieces.push_back(torch::full({1}, defined ? 1.0f : 0.0f));
  }
  pieces.push_back(torch::tensor({static_cast<float>(loss), cancelRequested ? 1.0f : 0.0f}));
  auto buffer = torch::cat(pieces);
  allReduceSum(buffer, "the gradient all-reduce");
  buffer.div_(static_cast<double>(m_options.worldSize));

  std::int64_t offset = 0;
  for (const auto& parameter : parameters) {
    const auto count = parameter.numel();
    const bool anyDefined = buffer[offset + count].item<float>() > 0.0f;
    if (anyDefined) {
      auto averaged = buffer.narrow(0, offset, count).view(parameter.sizes());
      auto gradient = parameter.mutable_grad();
      if (gradient.defined()) {
        gradient.copy_(averaged);
      } else {
        parameter.mutable_grad() = averaged.to(parameter.scalar_type()).clone();
      }
    }
    offset += count + 1;
  }
  const auto tail = buffer.narrow(0, offset, 2);
  return {tail[0].item<double>(), tail[1].item<float>() > 0.0f};
}

double DataParallelGroup::sum(double value) {
  auto buffer = torch::tensor({value}, torch::kFloat64);
  allReduceSum(buffer, "a loss normaliser's sum");
  return buffer.item<double>();
}

void DataParallelGroup::broadcastFromRankZero(const std::vector<torch::Tensor>& tensors) {
  torch::NoGradGuard noGrad;
  if (tensors.empty()) return;
  std::vector<torch::Tensor> flat;
  for (const auto& tensor : tensors) flat.push_back(tensor.reshape({-1}).to(torch::kFloat64));
  auto buffer = torch::cat(flat);
  broadcast(buffer, "the start-up broadcast of rank 0's weights");
  std::int64_t offset = 0;
  for (const auto& tensor : tensors) {
    const auto count = tensor.numel();
    auto target = tensor;  // shares storage
    target.copy_(buffer.narrow(0, offset, count).view(tensor.sizes()));
    offset += count;
  }
}

std::string DataParallelGroup::broadcastBytes(const std::string& bytes) {
  auto size = torch::tensor({static_cast<std::int64_t>(bytes.size())}, torch::kInt64);
  broadcast(size, "the broadcast of rank 0's checkpoint size");
  auto buffer = torch::zeros({size.item<std::int64_t>()}, torch::kUInt8);
  if (m_options.rank == 0 && !bytes.empty())
    std::memcpy(buffer.data_ptr(), bytes.data(), bytes.size());
  broadcast(buffer, "the broadcast of rank 0's checkpoint");
  return {static_cast<const char*>(buffer.data_ptr()), static_cast<std::size_t>(buffer.numel())};
}

void DataParallelGroup::requireSameEverywhere(const std::string& text, const std::string& what) {
  const std::string digest = Sha256::ofText(text);
  const std::string rankZeroDigest = broadcastBytes(digest);
  auto differs = torch::tensor({rankZeroDigest == digest ? 0.0f : 1.0f});
  allReduceSum(differs, "the check of the ranks' settings");
  const int ranksDiffering = static_cast<int>(differs.item<float>());
  if (ranksDiffering > 0) {
    throw InvalidArgument("data-parallel training: " + std::to_string(ranksDiffering) + " of " +
                          std::to_string(m_options.worldSize) + " ranks were started with " + what +
                          " other than rank 0's (this is " + describe(m_options) +
                          "); give every rank the same command");
  }
}

}  // namespace anomadiff::engine
