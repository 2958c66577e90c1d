#pragma once

#include <string>

namespace anomadiff {

/// How a method describes one of its parameters, so the CLI and the GUI build their options and
/// forms from it (Slicer-style) instead of knowing each method. Part of the worker protocol
/// (docs/ARCHITECTURE.md §3, §5.3): the methods' `parameters()`, the worker's `methods` event and
/// the GUI's parameter panel all use this one type.
struct ParameterSpec {
  std::string name;   ///< key in LocalizerParameters and CLI option name, e.g. "noise-level"
  std::string label;  ///< short human label, e.g. "Noise level L"
  std::string help;   ///< one sentence for tooltips and --help
  double minimum = 0.0;
  double maximum = 1.0;
  double defaultValue = 0.0;
  bool isInteger = false;
};

}  // namespace anomadiff
