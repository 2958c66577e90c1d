#include "preprocess/BrainMask.h"

#include "common/Error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace anomadiff::preprocess {
namespace {

/// A block of whole slices [zBegin, zEnd) of a mask, processed on its own (one slice in
/// per-slice mode, the whole volume otherwise).
struct Block {
  std::array<std::size_t, 3> size;
  std::size_t zBegin;
  std::size_t zEnd;

  std::size_t begin() const { return size[0] * size[1] * zBegin; }
  std::size_t end() const { return size[0] * size[1] * zEnd; }
};

/// Visits the face neighbours of voxel `i` that lie inside the block.
template <typename Visit>
void forEachNeighbour(const Block& block, std::size_t i, Visit&& visit) {
  const std::size_t nx = block.size[0];
  const std::size_t ny = block.size[1];
  const std::size_t x = i % nx;
  const std::size_t y = (i / nx) % ny;
  const std::size_t z = i / (nx * ny);
  if (x > 0) visit(i - 1);
  if (x + 1 < nx) visit(i + 1);
  if (y > 0) visit(i - nx);
  if (y + 1 < ny) visit(i + nx);
  if (z > block.zBegin) visit(i - nx * ny);
  if (z + 1 < block.zEnd) visit(i + nx * ny);
}

/// Flood fill from `seed` over voxels whose value equals `value`; marks them in `visited` and
/// returns them.
std::vector<std::size_t> flood(const Block& block, const std::vector<std::uint8_t>& mask,
                               std::uint8_t value, std::size_t seed,
                               std::vector<std::uint8_t>& visited) {
  std::vector<std::size_t> members{seed};
  visited[seed] = 1;
  for (std::size_t head = 0; head < members.size(); ++head) {
    forEachNeighbour(block, members[head], [&](std::size_t n) {
      if (!visited[n] && mask[n] == value) {
        visited[n] = 1;
        members.push_back(n);
      }
    });
  }
  return members;
}

void keepLargestComponent(const Block& block, std::vector<std::uint8_t>& mask) {
  std::vector<std::uint8_t> visited(mask.size(), 0);
  std::vector<std::size_t> largest;
  for (std::size_t i = block.begin(); i < block.end(); ++i) {
    if (mask[i] != 1 || visited[i]) continue;
    std::vector<std::size_t> component = flood(block, mask, 1, i, visited);
    if (component.size() > largest.size()) largest = std::move(component);
  }
  std::fill(mask.begin() + static_cast<std::ptrdiff_t>(block.begin()),
            mask.begin() + static_cast<std::ptrdiff_t>(block.end()), std::uint8_t{0});
  for (std::size_t i : largest) mask[i] = 1;
}

bool onBorder(const Block& block, std::size_t i) {
  const std::size_t nx = block.size[0];
  const std::size_t ny = block.size[1];
  const std::size_t x = i % nx;
  const std::size_t y = (i / nx) % ny;
  const std::size_t z = i / (nx * ny);
  const bool zBorder = block.zEnd - block.zBegin > 1 && (z == block.zBegin || z + 1 == block.zEnd);
  return x == 0 || y == 0 || x + 1 == nx || y + 1 == ny || zBorder;
}

void fillHoles(const Block& block, std::vector<std::uint8_t>& mask) {
  // Background reachable from the block's border is outside; every other background voxel is
  // enclosed by brain and becomes brain.
  std::vector<std::uint8_t> outside(mask.size(), 0);
  for (std::size_t i = block.begin(); i < block.end(); ++i) {
    if (mask[i] == 0 && !outside[i] && onBorder(block, i)) flood(block, mask, 0, i, outside);
  }
  for (std::size_t i = block.begin(); i < block.end(); ++i) {
    if (mask[i] == 0 && !outside[i]) mask[i] = 1;
  }
}

Image toImage(const ImageGeometry& geometry, const std::vector<std::uint8_t>& mask) {
  return Image(geometry, std::vector<float>(mask.begin(), mask.end()), SampleType::UInt8);
}

}  // namespace

Image BrainMask::fromLabels(const Image& labels) {
  std::vector<std::uint8_t> mask(labels.voxelCount());
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = labels.voxels()[i] > 0.0f ? 1 : 0;
  return toImage(labels.geometry(), mask);
}

Image BrainMask::forImage(const Image& image, const Image* labels) {
  if (labels == nullptr) {
    BrainMaskOptions options;
    options.perSlice = image.geometry().is2D();
    return fromSkullStripped(image, options);
  }
  const auto sizeText = [](const Image& i) {
    return std::to_string(i.width()) + "x" + std::to_string(i.height()) + "x" +
           std::to_string(i.depth());
  };
  if (labels->geometry().size != image.geometry().size) {
    throw InvalidArgument("brain mask size " + sizeText(*labels) + " differs from the image's " +
                          sizeText(image));
  }
  return fromLabels(*labels);
}

Image BrainMask::fromSkullStripped(const Image& image, const BrainMaskOptions& options) {
  if (const std::size_t count = image.nonFiniteCount(); count > 0) {
    throw InvalidArgument("image has " + std::to_string(count) + " NaN or infinite voxels");
  }
  float threshold = 0.0f;
  if (options.threshold) {
    threshold = *options.threshold;
  } else {
    const float maximum = *std::max_element(image.voxels().begin(), image.voxels().end());
    threshold = static_cast<float>(options.relativeThreshold * maximum);
  }
  std::vector<std::uint8_t> mask(image.voxelCount());
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = image.voxels()[i] > threshold ? 1 : 0;

  const auto& size = image.geometry().size;
  std::vector<Block> blocks;
  if (options.perSlice) {
    for (std::size_t z = 0; z < size[2]; ++z) blocks.push_back({size, z, z + 1});
  } else {
    blocks.push_back({size, 0, size[2]});
  }
  for (const Block& block : blocks) {
    if (options.keepLargestComponent) keepLargestComponent(block, mask);
    if (options.fillHoles) fillHoles(block, mask);
  }
  return toImage(image.geometry(), mask);
}

std::size_t BrainMask::voxelCount(const Image& mask) {
  return static_cast<std::size_t>(
      std::count_if(mask.voxels().begin(), mask.voxels().end(), [](float v) { return v > 0.0f; }));
}

}  // namespace anomadiff::preprocess
