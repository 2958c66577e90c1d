#pragma once

#include "localize/BoundingBox.h"

#include <array>
#include <limits>
#include <string>
#include <string_view>

namespace anomadiff {

/// Decides which components above the pixel threshold become findings: one statistic of the
/// component and the smallest value it must reach. The pixel threshold draws a component's
/// extent; the gate decides whether the component is worth a reader's attention. Mass (the
/// summed anomaly) lets a large faint lesion through that a peak gate would drop, while a
/// one-pixel spike that only a peak gate would pass stays out.
class BoxGate {
 public:
  enum class Statistic {
    Mean,  ///< BoundingBox::score, the mean anomaly in the component
    Peak,  ///< BoundingBox::maxScore
    Mass,  ///< score × areaPx: the summed anomaly of the component
  };
  static constexpr std::array<Statistic, 3> kStatistics = {Statistic::Mean, Statistic::Peak,
                                                           Statistic::Mass};

  /// The open gate: admits every box.
  BoxGate() = default;
  BoxGate(Statistic statistic, double minimum) : m_statistic(statistic), m_minimum(minimum) {}

  Statistic statistic() const { return m_statistic; }
  /// −∞ for the open gate.
  double minimum() const { return m_minimum; }
  bool isOpen() const { return m_minimum == -std::numeric_limits<double>::infinity(); }
  /// value ≥ minimum: a box exactly at the minimum is a finding, as with the former peak rule.
  bool admits(const BoundingBox& box) const { return valueOf(m_statistic, box) >= m_minimum; }

  static double valueOf(Statistic statistic, const BoundingBox& box);
  /// "mean", "peak" or "mass".
  static std::string nameOf(Statistic statistic);
  /// Throws InvalidArgument naming `name` when it is not mean, peak or mass.
  static Statistic statisticNamed(std::string_view name);

  /// {"statistic": "mass", "minimum": 1.23}; the open gate's minimum is written as null.
  std::string toJson() const;
  /// Reads toJson()'s object; other keys are ignored and a null minimum is the open gate.
  /// Throws InvalidArgument for malformed JSON, a missing key or an unknown statistic.
  static BoxGate fromJson(std::string_view json);

  bool operator==(const BoxGate&) const = default;

 private:
  Statistic m_statistic = Statistic::Peak;
  double m_minimum = -std::numeric_limits<double>::infinity();
};

}  // namespace anomadiff
