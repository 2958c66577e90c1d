#include "engine/training/BlobCorruption.h"

#include "common/Error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace anomadiff::engine {
namespace {

namespace F = torch::nn::functional;

constexpr double kSmallestRadius = 0.04;  // fractions of the side
constexpr double kRadiusRange = 0.10;
constexpr std::int64_t kOutlineGrid = 6;
constexpr std::int64_t kTextureGrid = 12;
constexpr double kOutlineAmplitude = 0.35;  // of the radius
constexpr double kTextureAmplitude = 0.10;  // of the brain's intensity range
constexpr double kEdgePixels = 1.5;
constexpr double kSmallestShift = 0.25;  // fractions of the side
constexpr double kShiftRange = 0.25;

torch::Tensor smoothFields(std::int64_t rows, std::int64_t grid, std::int64_t height,
                           std::int64_t width) {
  const auto coarse = torch::randn({rows, 1, grid, grid}, torch::kFloat32);
  return F::interpolate(coarse, F::InterpolateFuncOptions()
                                    .size(std::vector<std::int64_t>{height, width})
                                    .mode(torch::kBilinear)
                                    .align_corners(true));
}

}  // namespace

BlobCorruption::BlobCorruption(double fraction, float background, double transplant)
    : m_fraction(fraction), m_transplant(transplant), m_background(background) {
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    throw InvalidArgument("corruption fraction must be in [0, 1], got " + std::to_string(fraction));
  }
  if (!(transplant >= 0.0 && transplant <= 1.0)) {
    throw InvalidArgument("transplant share must be in [0, 1], got " + std::to_string(transplant));
  }
}

BlobCorruption::Draw BlobCorruption::Draw::map(
    const std::function<torch::Tensor(const torch::Tensor&)>& keep) const {
  const auto keepDefined = [&keep](const torch::Tensor& t) {
    return t.defined() ? keep(t) : torch::Tensor();
  };
  return {keep(chosen),
          keep(centre),
          keep(radius),
          keep(outline),
          keep(texture),
          keep(level),
          keepDefined(transplanted),
          keepDefined(shift)};
}

BlobCorruption::Draw BlobCorruption::draw(std::int64_t rows, std::int64_t height,
                                          std::int64_t width) const {
  Draw d;
  d.chosen = torch::rand({rows}) < m_fraction;
  d.centre = torch::rand({rows, height, width});
  d.radius = kSmallestRadius + kRadiusRange * torch::rand({rows});
  d.outline = smoothFields(rows, kOutlineGrid, height, width);
  d.texture = smoothFields(rows, kTextureGrid, height, width);
  d.level = torch::rand({rows});
  if (m_transplant > 0.0) {
    d.transplanted = torch::rand({rows}) < m_transplant;
    const auto angle = 2.0 * std::numbers::pi * torch::rand({rows});
    const auto reach = kSmallestShift + kShiftRange * torch::rand({rows});
    d.shift = torch::stack({reach * torch::sin(angle), reach * torch::cos(angle)}, 1);
  }
  return d;
}

torch::Tensor BlobCorruption::brain(const torch::Tensor& images) const {
  return (images > m_background + 1e-4f).to(torch::kFloat32);
}

torch::Tensor BlobCorruption::blobs(const torch::Tensor& images, const Draw& draw) const {
  const auto rows = images.size(0);
  const auto height = images.size(2);
  const auto width = images.size(3);
  const auto inside = brain(images);
  // The centre: the brain pixel with the largest uniform draw (any pixel of an empty slice).
  const auto pick = (draw.centre + inside.squeeze(1)).view({rows, -1}).argmax(1);
  const auto cy = torch::div(pick, width, "floor").to(torch::kFloat32).view({rows, 1, 1, 1});
  const auto cx = torch::remainder(pick, width).to(torch::kFloat32).view({rows, 1, 1, 1});
  const auto y = torch::arange(height, torch::kFloat32).view({1, 1, height, 1});
  const auto x = torch::arange(width, torch::kFloat32).view({1, 1, 1, width});
  const auto side = static_cast<double>(std::max(height, width));
  const auto radius = (draw.radius * side).view({rows, 1, 1, 1});
  const auto distance = torch::sqrt((y - cy).square() + (x - cx).square());
  // Outline r(θ) varies with the smooth field: irregular, one piece for moderate amplitudes.
  const auto reach = radius * (1.0 + kOutlineAmplitude * draw.outline);
  const auto weight = torch::clamp((reach - distance) / kEdgePixels + 0.5, 0.0, 1.0);
  const auto chosen = draw.chosen.to(torch::kFloat32).view({rows, 1, 1, 1});
  return weight * inside * chosen;
}

torch::Tensor BlobCorruption::apply(const torch::Tensor& images, const Draw& draw) const {
  if (!enabled()) return images;
  const auto rows = images.size(0);
  const auto inside = brain(images) > 0.5f;
  const auto flat = images.view({rows, -1});
  const auto insideFlat = inside.view({rows, -1});
  const auto big = std::numeric_limits<float>::max();
  const auto lowest = torch::where(insideFlat, flat, torch::full_like(flat, big)).amin(1);
  const auto highest = torch::where(insideFlat, flat, torch::full_like(flat, -big)).amax(1);
  const auto range = torch::clamp(highest - lowest, 0.0);
  const auto shape = std::vector<std::int64_t>{rows, 1, 1, 1};
  const auto flatFill = (lowest + draw.level * range).view(shape) +
                        kTextureAmplitude * range.view(shape) * draw.texture;
  const auto weight = blobs(images, draw);
  const auto filled = draw.transplanted.defined() ? transplants(images, draw, flatFill) : flatFill;
  return images * (1.0 - weight) + filled * weight;
}

torch::Tensor BlobCorruption::transplants(const torch::Tensor& images, const Draw& draw,
                                          const torch::Tensor& flatFill) const {
  const auto rows = images.size(0);
  const auto side = static_cast<double>(std::max(images.size(2), images.size(3)));
  auto filled = flatFill.expand_as(images).clone();
  for (std::int64_t row = 0; row < rows; ++row) {
    if (!draw.transplanted[row].item<bool>()) continue;
    const auto dy =
        static_cast<std::int64_t>(std::lround(draw.shift[row][0].item<double>() * side));
    const auto dx =
        static_cast<std::int64_t>(std::lround(draw.shift[row][1].item<double>() * side));
    const auto moved = torch::roll(images[row], {dy, dx}, {1, 2});
    // Background moved into the brain would be a hole, not tissue: keep the flat fill there.
    filled[row] = torch::where(brain(moved.unsqueeze(0)).squeeze(0) > 0.5f, moved, filled[row]);
  }
  return filled;
}

}  // namespace anomadiff::engine
