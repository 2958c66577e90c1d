#pragma once

#include "engine/sampling/Sampler.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace anomadiff::engine {

/// One sampler a user can choose: its name (CLI, model.json, the `sampler` parameter's choices),
/// one line for help texts, and how to make it.
struct SamplerEntry {
  std::string name;
  std::string summary;
  std::function<std::unique_ptr<Sampler>()> create;
};

/// Every sampler, in one table (SamplerRegistry.cpp). A new sampler is its own file and one row
/// here: `reconstruct --sampler`, the methods' `sampler` choices and the GUI's combo box follow.
/// The row order is the `sampler` parameter's value (0 = the first row), so rows are only
/// appended.
class SamplerRegistry {
 public:
  static const std::vector<SamplerEntry>& entries();
  static std::vector<std::string> names();
  /// Throws InvalidArgument naming the unknown sampler and the known ones.
  static const SamplerEntry& byName(const std::string& name);
  /// Throws InvalidArgument for an index outside the table.
  static const SamplerEntry& byIndex(int index);
  static std::unique_ptr<Sampler> create(const std::string& name) { return byName(name).create(); }
};

}  // namespace anomadiff::engine
