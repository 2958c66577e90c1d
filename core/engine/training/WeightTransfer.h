#pragma once

#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace anomadiff::engine {

/// Starts one network from another's weights where their architectures agree (a warm start):
/// a mask segmenter from the bundle's trained image denoiser, whose encoder already knows the
/// anatomy at every noise level. Rules, by parameter / buffer name:
///  - same name and shape: copied;
///  - same name, a 4-D weight that differs only in its input channels, and the target has more:
///    the source's channels become the target's *last* ones and the extra leading channels start
///    at zero (a segmenter's input is [noisy mask, image]: it starts as a model of the image
///    alone and learns how much to read the mask);
///  - names in `keep` (prefixes) and everything else: left as the target initialised them.
class WeightTransfer {
 public:
  struct Report {
    std::vector<std::string> copied;
    std::vector<std::string> widened;  ///< input channels padded with zeros at the front
    std::vector<std::string> kept;     ///< the target's own initialisation
  };

  /// Throws InvalidArgument when no tensor at all could be copied (not related networks).
  static Report copyMatching(torch::nn::Module& target, const torch::nn::Module& source,
                             const std::vector<std::string>& keep = {});
};

}  // namespace anomadiff::engine
