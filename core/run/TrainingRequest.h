#pragma once

#include "engine/training/AugmentationOptions.h"
#include "engine/training/DataParallelOptions.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace anomadiff::run {

/// Everything `train` and `train-classifier` are asked for (the CLI fills it; docs/MODEL_CARD.md
/// records the commands). Defaults are the commands' defaults.
struct TrainingRequest {
  /// Segmenter: a UNet that denoises the lesion mask conditioned on the image (`diffseg`,
  /// `bernoulli`), trained on the dataset's exact lesion masks.
  /// FewShot: the `fewshot` pixel classifier over a trained UNet's features, from k slices.
  enum class Model { Denoiser, Classifier, Segmenter, FewShot };
  Model model = Model::Denoiser;
  std::filesystem::path dataset;  ///< folder written by make-dataset
  std::filesystem::path bundle;   ///< model bundle folder, created or updated
  std::string name;               ///< bundle name; empty keeps the bundle's or derives one
  int steps = 2000;
  int batch = 16;
  int channels = 32;
  std::vector<int> multipliers = {1, 2, 2};
  double learningRate = 2e-4;
  int warmup = 100;
  int maxTimestep = 600;
  double classDropout = 0.2;
  double ema = 0.999;
  std::uint64_t seed = 0;
  int threads = 0;
  int checkpointEvery = 200;
  int repeats = 100;
  bool augmentation = true;
  /// `--augment NAME=VALUE`: augmentation fields changed from their defaults (AugmentationOptions).
  std::map<std::string, double> augmentationChanges;
  /// Denoiser without classes, trained on healthy slices only.
  bool unconditional = false;
  /// Forward-process noise the denoiser learns to undo: gaussian, or coarse (AnoDDPM-style).
  std::string noise = "gaussian";
  /// Restoration training: the fraction of images noised from a copy with a random blob painted
  /// in while the model is asked for the clean image (engine::BlobCorruption); 0: plain training.
  double corrupt = 0.0;
  /// Restoration training: the share of those blobs filled with the image's own tissue moved
  /// from elsewhere (misplaced normal tissue) instead of a flat intensity; needs corrupt > 0.
  double transplant = 0.0;
  /// Weights (a .safetensors of the same architecture) the run starts from instead of random.
  std::filesystem::path initWeights;
  /// Which denoiser entry of the bundle is trained: "denoiser" (the class-conditional model the
  /// guided methods use) or "healthy_denoiser" (an unconditional model of healthy anatomy only).
  std::string slot = "denoiser";
  /// Segmenter: the mask diffusion, gaussian (`diffseg`) or bernoulli (`bernoulli`).
  std::string diffusion = "gaussian";
  /// Segmenter: the bundle's image denoiser it starts from (denoiser, healthy_denoiser) or none.
  std::string initFrom = "none";
  /// FewShot: labelled slices (lesioned rows of the dataset) the head learns from.
  int cases = 5;
  /// FewShot: the bundle entry whose features are used, the levels, the head's width.
  std::string featureSlot = "denoiser";
  std::vector<int> featureTimesteps = {50, 150, 300};
  int hidden = 32;
  double validationFraction = 0.1;  ///< classifier: slices held back to measure accuracy
  std::string head = "cells";       ///< classifier head: cells or global
  bool resume = false;
  /// Data-parallel training (train, train-classifier): this process's place in the group.
  engine::DataParallelOptions dataParallel;
  /// The command as typed, recorded as provenance (the program's folder already removed).
  std::vector<std::string> commandLine;

  /// The bundle entry trained: the slot for a denoiser, "classifier", "segmenter",
  /// "bernoulli_segmenter" or "fewshot".
  std::string kind() const;
  bool denoiser() const { return model == Model::Denoiser; }
  bool segmenter() const { return model == Model::Segmenter; }
  bool fewShot() const { return model == Model::FewShot; }
  /// train and train-classifier: the models whose trainers split a global batch over ranks.
  bool dataParallelCapable() const {
    return model == Model::Denoiser || model == Model::Classifier;
  }
  /// The augmentation the run draws from: none, or the defaults with augmentationChanges made.
  /// Throws InvalidArgument for an unknown field or a value out of its range.
  engine::AugmentationOptions augmentationOptions() const;
  /// Throws InvalidArgument naming the first option that cannot work.
  void validate() const;
};

}  // namespace anomadiff::run
