#include "views/Colormap.h"

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {

namespace {

struct Rgb {
  double r;
  double g;
  double b;
};

// Horner evaluation of c[0] + t c[1] + t^2 c[2] + ...
template <std::size_t N>
double polynomial(const std::array<double, N>& c, double t) {
  double value = 0.0;
  for (std::size_t i = N; i-- > 0;) {
    value = value * t + c[i];
  }
  return value;
}

// Turbo, polynomial approximation published with the colormap (Mikhailov, Google AI, 2019).
Rgb turbo(double t) {
  static constexpr std::array<double, 6> kRed{0.13572138,   4.61539260,    -42.66032258,
                                              132.13108234, -152.94239396, 59.28637943};
  static constexpr std::array<double, 6> kGreen{0.09140261,   2.19418839, 4.84296658,
                                                -14.18503333, 4.27729857, 2.82956604};
  static constexpr std::array<double, 6> kBlue{0.10667330,   12.64194608,  -60.58204836,
                                               110.36276771, -89.90310912, 27.34824973};
  return {polynomial(kRed, t), polynomial(kGreen, t), polynomial(kBlue, t)};
}

// Viridis, degree-6 least-squares fit to matplotlib's viridis (Matt Zucker, shadertoy WlfXRN).
Rgb viridis(double t) {
  static constexpr std::array<double, 7> kRed{
      0.2777273272234177, 0.1050930431085774, -0.3308618287255563, -4.634230498983486,
      6.228269936347081,  4.776384997670288,  -5.435455855934631};
  static constexpr std::array<double, 7> kGreen{
      0.005407344544966578, 1.404613529898575,  0.214847559468213, -5.799100973351585,
      14.17993336680509,    -13.74514537774601, 4.645852612178535};
  static constexpr std::array<double, 7> kBlue{
      0.3340998053353061, 1.384590162594685,  0.09509516302823659, -19.33244095627987,
      56.69055260068105,  -65.35303263337234, 26.3124352495832};
  return {polynomial(kRed, t), polynomial(kGreen, t), polynomial(kBlue, t)};
}

// MATLAB "hot": red rises over the first 3/8, green over the next 3/8, blue over the last 1/4.
Rgb hot(double t) {
  return {t * 8.0 / 3.0, t * 8.0 / 3.0 - 1.0, t * 4.0 - 3.0};
}

Rgb evaluate(Colormap::Kind kind, double t) {
  switch (kind) {
    case Colormap::Kind::Turbo:
      return turbo(t);
    case Colormap::Kind::Hot:
      return hot(t);
    case Colormap::Kind::Viridis:
      return viridis(t);
    case Colormap::Kind::Grey:
      break;
  }
  return {t, t, t};
}

int toByte(double value) {
  return static_cast<int>(std::lround(std::clamp(value, 0.0, 1.0) * 255.0));
}

}  // namespace

Colormap::Colormap(Kind kind) : m_kind(kind) {
  for (std::size_t i = 0; i < kEntries; ++i) {
    const Rgb rgb = evaluate(kind, static_cast<double>(i) / (kEntries - 1));
    m_table[i] = qRgb(toByte(rgb.r), toByte(rgb.g), toByte(rgb.b));
  }
}

QString Colormap::name() const {
  switch (m_kind) {
    case Kind::Turbo:
      return QStringLiteral("Turbo");
    case Kind::Hot:
      return QStringLiteral("Hot");
    case Kind::Viridis:
      return QStringLiteral("Viridis");
    case Kind::Grey:
      break;
  }
  return QStringLiteral("Grey");
}

QRgb Colormap::color(double t) const {
  if (!(t > 0.0)) {
    return m_table.front();
  }
  const auto index = static_cast<std::size_t>(std::lround(std::min(t, 1.0) * (kEntries - 1)));
  return m_table[index];
}

}  // namespace anomadiff::gui
