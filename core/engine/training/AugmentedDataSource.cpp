#include "engine/training/AugmentedDataSource.h"

#include "common/Error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>

namespace anomadiff::engine {
namespace {

namespace F = torch::nn::functional;

/// The generator of virtual example `index`: depends on (seed, index) only.
std::mt19937_64 exampleGenerator(std::uint64_t seed, std::int64_t index) {
  const auto i = static_cast<std::uint64_t>(index);
  std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                         static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32), 0xa9u};
  return std::mt19937_64(sequence);
}

/// Uniform in [low, high) from the top 53 bits: the same numbers with every standard library.
double uniform(std::mt19937_64& generator, double low, double high) {
  const double unit = static_cast<double>(generator() >> 11) * 0x1.0p-53;
  return low + (high - low) * unit;
}

/// A smooth random field [1, channels, H, W] from a coarse grid of N(0, 1) control points.
torch::Tensor smoothField(at::Generator& generator, std::int64_t channels, std::int64_t grid,
                          std::int64_t height, std::int64_t width) {
  const auto coarse = at::randn({1, channels, grid, grid}, generator, torch::kFloat32);
  return F::interpolate(coarse, F::InterpolateFuncOptions()
                                    .size(std::vector<std::int64_t>{height, width})
                                    .mode(torch::kBicubic)
                                    .align_corners(true));
}

/// A monotone curve through (0, 0), (0.5, middle), (1, 1): another grey/white contrast.
torch::Tensor contrastCurve(const torch::Tensor& unit, double middle) {
  return torch::where(unit < 0.5, unit * (2.0 * middle),
                      middle + (unit - 0.5) * (2.0 * (1.0 - middle)));
}

/// Gaussian blur of standard deviation `sigma` pixels (a scan of lower resolution), zero padded
/// like the background.
torch::Tensor gaussianBlur(const torch::Tensor& image, double sigma) {
  if (sigma < 0.05) return image;
  const int radius = static_cast<int>(std::ceil(3.0 * sigma));
  const auto offsets = torch::arange(-radius, radius + 1, torch::kFloat32);
  auto weights = torch::exp(-(offsets * offsets) / (2.0 * sigma * sigma));
  weights = weights / weights.sum();
  const auto conv = [&](const torch::Tensor& x, const torch::Tensor& kernel, int padH, int padW) {
    return F::conv2d(x, kernel, F::Conv2dFuncOptions().padding({padH, padW}));
  };
  const auto rows = conv(image, weights.view({1, 1, -1, 1}), radius, 0);
  return conv(rows, weights.view({1, 1, 1, -1}), 0, radius);
}

/// Sampling grid [1, H, W, 2] (output → input, normalized coordinates) with the region around
/// the brain's centroid magnified by 1 / (1 − strength): q ← q − strength·(q − c)·exp(−|q − c|²
/// / 2ρ²). The radial map r(1 − strength·exp(−r²/2ρ²)) has slope ≥ 1 − strength > 0, so it never
/// folds, and it is the identity far from the centre (the brain's outline stays).
torch::Tensor enlargeCentre(const torch::Tensor& grid, const torch::Tensor& brain,
                            double strength) {
  if (strength <= 0.0) return grid;
  constexpr double kReach = 0.25;  // ρ, normalized coordinates: about the lateral ventricles
  const auto height = brain.size(2);
  const auto width = brain.size(3);
  const auto weights = brain[0][0];
  const auto total = weights.sum().clamp_min(1.0);
  // align_corners false: pixel i sits at (2i + 1) / side − 1.
  const auto xs = (2.0 * torch::arange(width, torch::kFloat32) + 1.0) / width - 1.0;
  const auto ys = (2.0 * torch::arange(height, torch::kFloat32) + 1.0) / height - 1.0;
  const auto centre = torch::stack({(weights * xs.view({1, -1})).sum() / total,
                                    (weights * ys.view({-1, 1})).sum() / total})
                          .view({1, 1, 1, 2});
  const auto offset = grid - centre;
  const auto fade = torch::exp(-offset.square().sum(-1, true) / (2.0 * kReach * kReach));
  return grid - strength * offset * fade;
}

}  // namespace

AugmentedDataSource::AugmentedDataSource(const SliceDataset& dataset,
                                         std::vector<std::int64_t> rows,
                                         AugmentationOptions options, std::uint64_t seed,
                                         std::int64_t repeats, float background)
    : m_images(dataset.images()),
      m_masks(dataset.brainMasks().to(torch::kFloat32)),
      m_lesionMasks(dataset.lesionMasks().to(torch::kFloat32)),
      m_labels(dataset.labels()),
      m_rows(std::move(rows)),
      m_options(options),
      m_seed(seed),
      m_repeats(repeats),
      m_background(background) {
  m_options.validate();
  if (m_rows.empty()) throw InvalidArgument("augmented data source has no rows to draw from");
  for (const auto row : m_rows) {
    if (row < 0 || row >= dataset.size()) {
      throw InvalidArgument("dataset row " + std::to_string(row) + " is outside 0.." +
                            std::to_string(dataset.size() - 1));
    }
  }
  if (m_repeats < 1) {
    throw InvalidArgument("augmentation repeats " + std::to_string(m_repeats) + " is below 1");
  }
}

std::int64_t AugmentedDataSource::size() const {
  return static_cast<std::int64_t>(m_rows.size()) * m_repeats;
}

std::int64_t AugmentedDataSource::rowOf(std::int64_t index) const {
  if (index < 0 || index >= size()) {
    throw InvalidArgument("training example index " + std::to_string(index) + " is outside 0.." +
                          std::to_string(size() - 1));
  }
  return m_rows[static_cast<std::size_t>(index % static_cast<std::int64_t>(m_rows.size()))];
}

TrainingBatch AugmentedDataSource::get(const std::vector<std::int64_t>& indices) {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> images;
  std::vector<torch::Tensor> lesions;
  std::vector<std::int64_t> labels;
  images.reserve(indices.size());
  lesions.reserve(indices.size());
  for (const auto index : indices) {
    const auto row = rowOf(index);
    auto generator = exampleGenerator(m_seed, index);
    auto [image, lesion] = augmentWithLesion(m_images.narrow(0, row, 1), m_masks.narrow(0, row, 1),
                                             m_lesionMasks.narrow(0, row, 1), generator());
    images.push_back(std::move(image));
    lesions.push_back(std::move(lesion));
    labels.push_back(m_labels[row].item<std::int64_t>());
  }
  return {torch::cat(images), torch::tensor(labels, torch::kInt64), torch::cat(lesions)};
}

torch::Tensor AugmentedDataSource::augment(const torch::Tensor& image, const torch::Tensor& mask,
                                           std::uint64_t seed) const {
  return augmentWithLesion(image, mask, torch::zeros_like(mask, torch::kFloat32), seed).first;
}

std::pair<torch::Tensor, torch::Tensor> AugmentedDataSource::augmentWithLesion(
    const torch::Tensor& image, const torch::Tensor& mask, const torch::Tensor& lesionMask,
    std::uint64_t seed) const {
  torch::NoGradGuard noGrad;
  const auto& o = m_options;
  const auto height = image.size(2);
  const auto width = image.size(3);
  std::mt19937_64 random(seed);
  // Every scalar is drawn whatever is switched on, so one option does not reshuffle the others.
  const double angle =
      uniform(random, -o.rotationDegrees, o.rotationDegrees) * std::numbers::pi / 180.0;
  const double zoom = uniform(random, 1.0 - o.scale, 1.0 + o.scale);
  const double shiftX = 2.0 * uniform(random, -o.shift, o.shift);  // [-1, 1] spans the side
  const double shiftY = 2.0 * uniform(random, -o.shift, o.shift);
  const double gamma = std::exp(uniform(random, -std::log(o.gamma), std::log(o.gamma)));
  const double bias = uniform(random, 0.0, o.biasField);
  const double sigma = uniform(random, 0.0, o.noise);
  auto fields = at::make_generator<at::CPUGeneratorImpl>(random());
  // Drawn after the others (and unused when off), so runs without them stay bit for bit.
  const double middle = 0.5 + uniform(random, -o.contrast, o.contrast);
  const double blur = uniform(random, 0.0, o.blur);
  const double enlargement = uniform(random, 0.0, o.ventricles);

  auto x = image.to(torch::kFloat32).clone();
  auto brain = mask.to(torch::kFloat32).gt(0.5f).to(torch::kFloat32);
  auto lesion = lesionMask.to(torch::kFloat32).gt(0.5f).to(torch::kFloat32);
  const double range = 1.0 - m_background;
  const bool warp = o.rotationDegrees > 0.0 || o.scale > 0.0 || o.shift > 0.0 || o.elastic > 0.0 ||
                    o.ventricles > 0.0;
  const bool intensity = o.gamma > 1.0 || o.biasField > 0.0 || o.contrast > 0.0 || o.blur > 0.0;
  if (warp || intensity) {
    // Intensities in [0, 1] with background 0: warping pads with 0, and gamma and the bias
    // field leave 0 where it is.
    auto unit = ((x - m_background) / range).clamp(0.0, 1.0);
    if (warp) {
      // affine_grid maps output to input coordinates: zoom > 1 enlarges the content.
      const double c = std::cos(angle) / zoom;
      const double s = std::sin(angle) / zoom;
      const auto theta =
          torch::tensor({c, -s, shiftX, s, c, shiftY}, torch::kFloat64).view({1, 2, 3});
      auto grid = F::affine_grid(theta.to(torch::kFloat32), {1, 1, height, width}, false);
      if (o.elastic > 0.0) {
        const auto displacement =
            smoothField(fields, 2, o.elasticGrid, height, width) * (2.0 * o.elastic);
        grid = grid + displacement.permute({0, 2, 3, 1});
      }
      grid = enlargeCentre(grid, brain, enlargement);
      const auto sampling = [](auto mode) {
        return F::GridSampleFuncOptions()
            .mode(mode)
            .padding_mode(torch::kZeros)
            .align_corners(false);
      };
      unit = F::grid_sample(unit, grid, sampling(torch::kBilinear));
      brain = F::grid_sample(brain, grid, sampling(torch::kNearest));
      lesion = F::grid_sample(lesion, grid, sampling(torch::kNearest));
    }
    if (intensity) {
      unit = unit.pow(gamma);
      if (o.contrast > 0.0) unit = contrastCurve(unit, middle);
      if (o.blur > 0.0) unit = gaussianBlur(unit, blur);
      if (o.biasField > 0.0) {
        auto field = smoothField(fields, 1, 3, height, width);
        field = field / field.abs().max().clamp_min(1e-6) * bias;
        unit = unit * field.exp();
      }
      unit = unit.clamp(0.0, 1.0);
    }
    x = unit * range + m_background;
  }
  if (o.noise > 0.0) {
    x = (x + sigma * at::randn({1, 1, height, width}, fields, torch::kFloat32))
            .clamp(m_background, 1.0);
  }
  const auto inside = brain.gt(0.5f);
  return {torch::where(inside, x, torch::full_like(x, m_background)),
          lesion * inside.to(torch::kFloat32)};
}

}  // namespace anomadiff::engine
