#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

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
  /// Named values (a sampler, a noise kind): the parameter's value is the index of one of them,
  /// 0 … n−1. The GUI shows a combo box, the CLI takes the names (`--set sampler=heun`). Empty:
  /// a plain number.
  std::vector<std::string> choices = {};

  /// A parameter that takes one of `names`; its value is the chosen name's index.
  static ParameterSpec choice(std::string name, std::string label, std::string help,
                              std::vector<std::string> names, std::size_t defaultIndex = 0) {
    const double last = names.empty() ? 0.0 : static_cast<double>(names.size() - 1);
    return {std::move(name),
            std::move(label),
            std::move(help),
            0.0,
            last,
            static_cast<double>(defaultIndex),
            true,
            std::move(names)};
  }

  /// The index of `text` among the choices; none when it names no choice.
  std::optional<std::size_t> choiceIndex(const std::string& text) const {
    for (std::size_t i = 0; i < choices.size(); ++i) {
      if (choices[i] == text) return i;
    }
    return std::nullopt;
  }
};

}  // namespace anomadiff
