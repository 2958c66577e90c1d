#include "engine/networks/FlopCounter.h"

#include <ATen/record_function.h>

#include <cstring>

namespace anomadiff::engine {
namespace {

thread_local double t_flops = 0.0;

double product(c10::IntArrayRef sizes, std::size_t from, std::size_t to) {
  double value = 1.0;
  for (std::size_t i = from; i < to && i < sizes.size(); ++i)
    value *= static_cast<double>(sizes[i]);
  return value;
}

double convolutionFlops(c10::ArrayRef<const c10::IValue> inputs) {
  const auto input = inputs[0].toTensor().sizes();   // [N, Cin, H, W]
  const auto weight = inputs[1].toTensor().sizes();  // [Cout, Cin/groups, kh, kw]
  if (input.size() != 4 || weight.size() != 4) return 0.0;
  const auto stride = inputs[3].toIntVector(), padding = inputs[4].toIntVector(),
             dilation = inputs[5].toIntVector();
  double outputPixels = 1.0;
  for (int axis = 0; axis < 2; ++axis) {
    const auto extent =
        input[2 + axis] + 2 * padding[axis] - dilation[axis] * (weight[2 + axis] - 1) - 1;
    outputPixels *= static_cast<double>(extent / stride[axis] + 1);
  }
  return 2.0 * static_cast<double>(input[0]) * static_cast<double>(weight[0]) * outputPixels *
         product(weight, 1, 4);
}

/// a: [..., M, K], b: [..., K, N] → 2·batch·M·K·N.
double matrixProductFlops(const c10::IValue& a, const c10::IValue& b) {
  const auto left = a.toTensor().sizes(), right = b.toTensor().sizes();
  if (left.size() < 2 || right.size() < 2) return 0.0;
  return 2.0 * product(left, 0, left.size()) * static_cast<double>(right[right.size() - 1]);
}

std::unique_ptr<at::ObserverContext> countOperation(const at::RecordFunction& function) {
  const char* name = function.name();
  if (name == nullptr) return nullptr;
  const auto inputs = function.inputs();
  if (std::strcmp(name, "aten::convolution") == 0 && inputs.size() >= 6) {
    t_flops += convolutionFlops(inputs);
  } else if ((std::strcmp(name, "aten::mm") == 0 || std::strcmp(name, "aten::bmm") == 0) &&
             inputs.size() >= 2) {
    t_flops += matrixProductFlops(inputs[0], inputs[1]);
  } else if ((std::strcmp(name, "aten::addmm") == 0 || std::strcmp(name, "aten::baddbmm") == 0) &&
             inputs.size() >= 3) {
    t_flops += matrixProductFlops(inputs[1], inputs[2]);
  }
  return nullptr;
}

}  // namespace

FlopCounter::FlopCounter() {
  t_flops = 0.0;
  m_handle = at::addThreadLocalCallback(at::RecordFunctionCallback(&countOperation)
                                            .needsInputs(true)
                                            .scopes({at::RecordScope::FUNCTION}));
}

FlopCounter::~FlopCounter() {
  at::removeCallback(m_handle);
}

double FlopCounter::flops() const {
  return t_flops;
}

}  // namespace anomadiff::engine
