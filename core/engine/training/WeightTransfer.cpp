#include "engine/training/WeightTransfer.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"

#include <torch/torch.h>

#include <algorithm>

namespace anomadiff::engine {
namespace {

bool startsWithAny(const std::string& name, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&name](const std::string& prefix) { return name.rfind(prefix, 0) == 0; });
}

/// A conv weight [out, in, kh, kw] whose only difference is more input channels in the target.
bool widensInputs(const torch::Tensor& target, const torch::Tensor& source) {
  if (target.dim() != 4 || source.dim() != 4) return false;
  return target.size(0) == source.size(0) && target.size(1) > source.size(1) &&
         target.size(2) == source.size(2) && target.size(3) == source.size(3);
}

}  // namespace

WeightTransfer::Report WeightTransfer::copyMatching(torch::nn::Module& target,
                                                    const torch::nn::Module& source,
                                                    const std::vector<std::string>& keep) {
  torch::NoGradGuard noGrad;
  const auto from = SafeTensorsModule::namedTensors(source);
  Report report;
  for (auto& [name, tensor] : SafeTensorsModule::namedTensors(target)) {
    const auto found = from.find(name);
    if (startsWithAny(name, keep) || found == from.end()) {
      report.kept.push_back(name);
    } else if (found->second.sizes() == tensor.sizes()) {
      tensor.copy_(found->second);
      report.copied.push_back(name);
    } else if (widensInputs(tensor, found->second)) {
      const auto extra = tensor.size(1) - found->second.size(1);
      tensor.zero_();
      tensor.narrow(1, extra, found->second.size(1)).copy_(found->second);
      report.widened.push_back(name);
    } else {
      report.kept.push_back(name);
    }
  }
  if (report.copied.empty() && report.widened.empty()) {
    throw InvalidArgument("no weight of the source network matches the one being trained");
  }
  return report;
}

}  // namespace anomadiff::engine
