#include "preprocess/ScanIntake.h"

#include "common/Error.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/AnatomicalOrientation.h"
#include "preprocess/BiasFieldCorrection.h"
#include "preprocess/BrainMask.h"
#include "preprocess/SizeCheck.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace anomadiff::preprocess {
namespace {

/// Grids closer than this (mm, or direction cosine units) are the same grid: NIfTI stores the
/// geometry in float32, so a volume written from the template's grid comes back a hair off.
constexpr double kGridTolerance = 1e-3;

bool sameGrid(const ImageGeometry& a, const ImageGeometry& b) {
  if (a.size != b.size) return false;
  for (std::size_t i = 0; i < 3; ++i) {
    if (std::abs(a.spacing[i] - b.spacing[i]) > kGridTolerance) return false;
    if (std::abs(a.origin[i] - b.origin[i]) > kGridTolerance) return false;
  }
  for (std::size_t i = 0; i < 9; ++i) {
    if (std::abs(a.direction[i] - b.direction[i]) > kGridTolerance) return false;
  }
  return true;
}

/// Volume in mL of the voxels above 5 % of the maximum.
double foregroundMl(const Image& image) {
  const auto voxels = image.voxels();
  const float maximum = *std::max_element(voxels.begin(), voxels.end());
  const auto count =
      std::count_if(voxels.begin(), voxels.end(), [&](float v) { return v > 0.05f * maximum; });
  const auto& spacing = image.geometry().spacing;
  return double(count) * spacing[0] * spacing[1] * spacing[2] / 1000.0;
}

/// Pearson correlation of two images on the same grid, over the voxels where `mask` > 0.
double correlationInside(const Image& a, const Image& b, const Image& mask) {
  double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (std::size_t i = 0; i < mask.voxelCount(); ++i) {
    if (!(mask.voxels()[i] > 0.0f)) continue;
    const double x = a.voxels()[i];
    const double y = b.voxels()[i];
    n += 1;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const double varianceA = saa - sa * sa / n;
  const double varianceB = sbb - sb * sb / n;
  if (n < 2 || varianceA <= 0 || varianceB <= 0) return 0.0;
  return (sab - sa * sb / n) / std::sqrt(varianceA * varianceB);
}

Image intersection(Image mask, const Image& other) {
  for (std::size_t i = 0; i < mask.voxelCount(); ++i) {
    if (!(other.voxels()[i] > 0.0f)) mask.voxels()[i] = 0.0f;
  }
  return mask;
}

std::string twoDecimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

}  // namespace

PreparedScan ScanIntake::prepare(const Image& scan, const Image* userMask, ProgressSink& progress,
                                 const CancelToken& cancel) const {
  const auto start = std::chrono::steady_clock::now();
  if (userMask) requireSize(*userMask, scan.geometry(), "brain mask");
  PreparedScan prepared;
  prepared.nativeGeometry = scan.geometry();
  if (scan.geometry().is2D()) {
    prepared.image = scan;
    prepared.brain = BrainMask::forImage(scan, userMask);
    prepared.report.scanKind = "2d";
    prepared.report.brainMask = userMask ? "user mask" : "computed from the image";
    return prepared;
  }
  Image mask;
  // Every stage reports, so a reader sees what the minutes before the denoising are spent on.
  progress.progress(0, 1, kOrientStage);
  reorient(scan, userMask, prepared, mask);
  classify(prepared);
  progress.progress(1, 1, kOrientStage);
  if (cancel.isCancelled()) throw Cancelled();
  // On the whole head, before registration. Fitted inside the carried brain instead, N4 changed
  // Colin27's own tissue contrast more (largest healthy component 7739 against 3226; without N4
  // 415): the model learned uncorrected anatomy, so intake and training should agree first.
  correctBias(prepared, progress, cancel);
  bool registers = needsRegistration(prepared);
  if (registers && prepared.report.foregroundMl < m_options.minimumRegistrationMl) {
    registers = false;
    prepared.report.warnings.push_back(
        "the scan holds only " + twoDecimals(prepared.report.foregroundMl) +
        " mL of foreground, too little to register to the template: slices follow its axes");
  }
  // The template's brain mask, made once: registration and the brain choice both use it.
  Image templateBrain;
  if (registers || onTemplateGrid(prepared)) {
    templateBrain = BrainMask::fromSkullStripped(m_template->brain);
  }
  if (registers) registerToTemplate(prepared, templateBrain, mask, progress, cancel);
  prepared.report.inTemplateSpace = onTemplateGrid(prepared);
  progress.progress(0, 1, kBrainStage);
  chooseBrain(prepared, templateBrain, mask);
  progress.progress(1, 1, kBrainStage);
  prepared.report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return prepared;
}

void ScanIntake::reorient(const Image& scan, const Image* userMask, PreparedScan& prepared,
                          Image& maskInModelAxes) const {
  auto& report = prepared.report;
  report.nativeOrientation = AnatomicalOrientation::codeOf(scan.geometry());
  const std::string& model = m_options.modelOrientation;
  if (!model.empty() && !AnatomicalOrientation::isValidCode(model)) {
    throw InvalidArgument("the model's orientation '" + model + "' is not a code such as RAS");
  }
  report.modelOrientation = model;
  if (!model.empty() && report.nativeOrientation.empty()) {
    report.warnings.push_back(
        "the scan's axes are too oblique to name an orientation: slices "
        "follow its stored axes, not the model's " +
        model);
  }
  if (model.empty() || report.nativeOrientation.empty() || report.nativeOrientation == model) {
    prepared.image = scan;
    if (userMask) maskInModelAxes = *userMask;
    return;
  }
  const ImageGeometry axes = AnatomicalOrientation::reoriented(scan.geometry(), model);
  prepared.image = AffineResampler::resample(scan, axes, {}, Interpolation::Nearest);
  if (userMask) {
    maskInModelAxes = AffineResampler::resample(*userMask, axes, {}, Interpolation::Nearest);
  }
}

void ScanIntake::classify(PreparedScan& prepared) const {
  auto& report = prepared.report;
  report.foregroundMl = foregroundMl(prepared.image);
  bool raw = m_options.kind == ScanKind::Raw;
  if (m_options.kind == ScanKind::Detect)
    raw = report.foregroundMl >= m_options.rawForegroundMinimumMl;
  report.scanKind = raw ? "raw" : "skull-stripped";
}

void ScanIntake::correctBias(PreparedScan& prepared, ProgressSink& progress,
                             const CancelToken& cancel) const {
  const auto choice = m_options.biasCorrection;
  const bool wanted = choice == BiasCorrection::On ||
                      (choice == BiasCorrection::Auto && prepared.report.scanKind == "raw");
  if (!wanted || prepared.report.foregroundMl < m_options.minimumRegistrationMl) return;
  const auto result = BiasFieldCorrection::correct(prepared.image, progress, cancel);
  prepared.image = result.corrected;
  prepared.report.biasCorrected = true;
  prepared.report.biasFieldRange = result.fieldRange;
}

bool ScanIntake::onTemplateGrid(const PreparedScan& prepared) const {
  return m_template && sameGrid(prepared.image.geometry(), m_template->head.geometry());
}

bool ScanIntake::needsRegistration(const PreparedScan& prepared) const {
  return m_template && m_options.registerToTemplate && !onTemplateGrid(prepared);
}

void ScanIntake::registerToTemplate(PreparedScan& prepared, const Image& templateBrain,
                                    Image& userMask, ProgressSink& progress,
                                    const CancelToken& cancel) const {
  auto& report = prepared.report;
  const AffineRegistration registration(m_options.registration);
  const bool raw = report.scanKind == "raw";
  const Image& target = raw && userMask.isEmpty() ? m_template->head : m_template->brain;
  // A user mask strips the skull for the metric, so the brain template fits better than the head.
  const auto result =
      userMask.isEmpty()
          ? registration.run(target, prepared.image, progress, cancel)
          : registration.run(target, templateBrain, prepared.image, userMask, progress, cancel);
  prepared.nativeToModel = result.fixedToMoving.inverse();
  prepared.image = result.toFixed(prepared.image, Interpolation::Linear, 0.0f);
  if (!userMask.isEmpty()) userMask = result.toFixed(userMask, Interpolation::Nearest, 0.0f);
  report.registered = true;
  report.registrationTarget = &target == &m_template->head ? "template head" : "template brain";
  report.registrationMetric = result.finalMetric;
  report.registrationCorrelation = correlationInside(prepared.image, target, templateBrain);
  if (report.registrationCorrelation < m_options.minimumRegistrationCorrelation) {
    report.warnings.push_back("registration to the template '" + m_template->name +
                              "' is doubtful (correlation " +
                              twoDecimals(report.registrationCorrelation) + " < " +
                              twoDecimals(m_options.minimumRegistrationCorrelation) +
                              "): check the brain outline before trusting findings");
  }
}

void ScanIntake::chooseBrain(PreparedScan& prepared, const Image& templateBrain,
                             const Image& userMask) const {
  auto& report = prepared.report;
  const bool raw = report.scanKind == "raw";
  if (!userMask.isEmpty()) {
    prepared.brain = BrainMask::fromLabels(userMask);
    report.brainMask = "user mask";
  } else if (!templateBrain.isEmpty()) {  // registered, or on the template grid already
    prepared.brain = templateBrain;
    report.brainMask = report.registered ? "template brain carried to the scan"
                                         : "template brain (the scan is on the template grid)";
    if (!raw) {
      // A skull-stripped scan knows its own brain: the template only trims what lies outside.
      prepared.brain = intersection(prepared.brain, BrainMask::fromSkullStripped(prepared.image));
      report.brainMask += ", within the scan's own brain";
    }
  } else {
    prepared.brain = BrainMask::forImage(prepared.image, nullptr);
    report.brainMask = "computed from the image";
    if (raw) {
      report.warnings.push_back("the scan looks raw (skull, " +
                                std::to_string(int(report.foregroundMl)) +
                                " mL of foreground) and there is no template to find its brain: "
                                "the mask covers the whole head; give --mask");
    }
  }
  if (raw) {
    // The model learned skull-stripped slices: what lies outside the brain is background.
    for (std::size_t i = 0; i < prepared.brain.voxelCount(); ++i) {
      if (!(prepared.brain.voxels()[i] > 0.0f)) prepared.image.voxels()[i] = 0.0f;
    }
  }
  if (BrainMask::voxelCount(prepared.brain) == 0) {
    throw InvalidArgument("the brain mask is empty after intake (" + report.brainMask + ")");
  }
}

}  // namespace anomadiff::preprocess
