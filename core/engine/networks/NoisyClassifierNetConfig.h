#pragma once

#include "engine/networks/UNetConfig.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace anomadiff::engine {

/// Architecture of the noisy classifier C(x_t, t) for classifier guidance: the UNet's encoder
/// and bottleneck (same meaning of the shared fields as UNetConfig) followed by
/// GroupNorm-SiLU and a head. Stored in a bundle's model.json.
struct NoisyClassifierNetConfig : EncoderConfig {
  /// "global": average pooling + linear, one logit vector per image (trained on image labels).
  /// "cells": a 1x1 convolution giving healthy/anomalous logits per bottleneck cell (trained on
  /// the synthetic lesion masks); the image is healthy when every cell is, so
  /// log p(healthy | x) = sum over cells of log p(healthy cell). Weak image labels alone did not
  /// train on one subject (loss stayed at ln 2): a lesion is ~2 % of the slice and the pooled
  /// features drown it, while per-cell targets say where to look.
  static constexpr const char* kGlobalHead = "global";
  static constexpr const char* kCellHead = "cells";
  std::string head = kGlobalHead;
  /// Output logits (>= 2), e.g. healthy and lesion.
  int classes = 2;

  /// The encoder's UNetConfig (unconditional: the classifier sees no label).
  UNetConfig encoderConfig() const;
  /// Throws InvalidArgument naming the first bad field and its value.
  void validate() const;

  nlohmann::json toJson() const;
  /// Missing keys keep their defaults; unknown keys and bad values throw InvalidArgument.
  static NoisyClassifierNetConfig fromJson(const nlohmann::json& json);

  bool operator==(const NoisyClassifierNetConfig&) const = default;
};

}  // namespace anomadiff::engine
