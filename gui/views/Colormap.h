#pragma once

#include <QRgb>
#include <QString>

#include <array>
#include <cstddef>

namespace anomadiff::gui {

/// A 256-entry colour lookup table for scalar maps. The tables are computed at construction from
/// the published closed forms (Google's Turbo and Zucker's viridis polynomial fits, the
/// piecewise-linear MATLAB "hot"), so no third-party table is copied into the sources.
class Colormap {
 public:
  enum class Kind { Turbo, Hot, Viridis, Grey };
  static constexpr std::size_t kEntries = 256;

  explicit Colormap(Kind kind = Kind::Turbo);

  Kind kind() const { return m_kind; }
  QString name() const;

  /// Opaque colour for t in [0, 1] (clamped; NaN gives the bottom colour).
  QRgb color(double t) const;
  /// Entry i of the table, i in [0, 255].
  QRgb entry(std::size_t i) const { return m_table[i]; }
  QRgb top() const { return m_table.back(); }
  QRgb bottom() const { return m_table.front(); }

  bool operator==(const Colormap& other) const { return m_kind == other.m_kind; }

 private:
  Kind m_kind;
  std::array<QRgb, kEntries> m_table{};
};

}  // namespace anomadiff::gui
