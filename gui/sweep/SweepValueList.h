#pragma once

#include <QString>

#include <vector>

namespace anomadiff::gui {

/// The sweep panel's axis values as typed: numbers separated by commas and/or spaces
/// ("50, 100, 200"). Each parse throws InvalidArgument with a message for the user that names
/// the axis and the offending text: nothing, a non-number, a duplicate, or too many values.
/// Ranges the method accepts are not checked here: the worker names those per cell.
class SweepValueList {
 public:
  /// More cells than this per axis would keep the worker busy for hours on a CPU.
  static constexpr int kMaxValues = 12;

  /// Whole numbers ("50" or "50.0", not "50.5").
  static std::vector<int> parseLevels(const QString& text, const QString& axisName);
  static std::vector<double> parseScales(const QString& text, const QString& axisName);

  /// The list as the panel shows it, e.g. "50, 100, 200".
  static QString format(const std::vector<int>& values);
  static QString format(const std::vector<double>& values);

 private:
  static std::vector<double> parseNumbers(const QString& text, const QString& axisName);
};

}  // namespace anomadiff::gui
