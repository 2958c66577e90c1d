#include "preprocess/AffineRegistration.h"

#include "common/Error.h"
#include "image/ItkBridge.h"
#include "preprocess/SizeCheck.h"

#include <itkAffineTransform.h>
#include <itkCenteredTransformInitializer.h>
#include <itkCommand.h>
#include <itkConjugateGradientLineSearchOptimizerv4.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkMultiThreaderBase.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkSimilarity3DTransform.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace anomadiff::preprocess {
namespace {

using ItkImage = itkbridge::FloatImage3;
using Similarity = itk::Similarity3DTransform<double>;
using Affine = itk::AffineTransform<double, 3>;
using Metric = itk::MattesMutualInformationImageToImageMetricv4<ItkImage, ItkImage>;
using Optimizer = itk::ConjugateGradientLineSearchOptimizerv4Template<double>;
using Scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>;

/// Reports every optimizer iteration and stops the optimizer once the job is cancelled (an
/// exception thrown inside ITK's event loop would not unwind cleanly).
class IterationObserver : public itk::Command {
 public:
  using Self = IterationObserver;
  using Superclass = itk::Command;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);

  void setUp(ProgressSink* sink, const CancelToken* cancel, int total) {
    m_sink = sink;
    m_cancel = cancel;
    m_total = total;
  }
  int done() const { return m_done; }
  int total() const { return m_total; }

  void Execute(itk::Object* caller, const itk::EventObject& event) override {
    if (!itk::IterationEvent().CheckEvent(&event)) return;
    auto* optimizer = dynamic_cast<Optimizer*>(caller);
    m_done = std::min(m_done + 1, m_total);
    m_sink->progress(m_done, m_total, "register");
    if (m_cancel->isCancelled() && optimizer != nullptr) optimizer->StopOptimization();
  }
  void Execute(const itk::Object*, const itk::EventObject&) override {}

 private:
  ProgressSink* m_sink = nullptr;
  const CancelToken* m_cancel = nullptr;
  int m_total = 1;
  int m_done = 0;
};

void requireUsable(const Image& image, const char* what) {
  if (const std::size_t count = image.nonFiniteCount(); count > 0) {
    throw InvalidArgument(std::string(what) + " has " + std::to_string(count) +
                          " NaN or infinite voxels");
  }
  const auto [low, high] = std::minmax_element(image.voxels().begin(), image.voxels().end());
  if (*low == *high) {
    throw InvalidArgument(std::string(what) + " is constant (" + std::to_string(*low) +
                          "): nothing to register");
  }
}

Image masked(const Image& image, const Image& mask, const char* what) {
  requireSize(mask, image.geometry(), what);
  std::vector<float> voxels(image.voxels().begin(), image.voxels().end());
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    if (!(mask.voxels()[i] > 0.0f)) voxels[i] = 0.0f;
  }
  return Image(image.geometry(), std::move(voxels));
}

/// ITK objects built while this lives run on one thread. The Mattes metric's threaded sums
/// (and the estimators around it) add per-thread partial results in whatever order the threads
/// finish, so with several threads the same input and seed gave a different transform from run
/// to run (final metric -0.6455 vs -0.6463 on KmeansTest); one work unit per filter, set on the
/// metric, optimizer and registration alone, was not enough. Restored on exit; other ITK work
/// started meanwhile in other threads only runs slower.
class SingleThreadedItk {
 public:
  SingleThreadedItk() : m_previous(itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads()) {
    itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(1);
  }
  ~SingleThreadedItk() { itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(m_previous); }
  SingleThreadedItk(const SingleThreadedItk&) = delete;
  SingleThreadedItk& operator=(const SingleThreadedItk&) = delete;

 private:
  itk::ThreadIdType m_previous;
};

/// One stage (similarity or affine) over all pyramid levels; the transform is optimised in
/// place so the next stage starts where this one ended.
template <typename Transform>
double runStage(const AffineRegistrationOptions& options, unsigned iterations, ItkImage* fixed,
                ItkImage* moving, Transform* transform, IterationObserver* observer) {
  using Registration = itk::ImageRegistrationMethodv4<ItkImage, ItkImage, Transform>;
  auto metric = Metric::New();
  metric->SetNumberOfHistogramBins(options.histogramBins);
  // Only the moving image's gradient is needed; do not build a gradient image of the
  // full-resolution template at every level.
  metric->SetUseMovingImageGradientFilter(false);
  metric->SetUseFixedImageGradientFilter(false);

  auto scales = Scales::New();
  scales->SetMetric(metric);

  auto optimizer = Optimizer::New();
  optimizer->SetNumberOfIterations(iterations);
  optimizer->SetScalesEstimator(scales);
  // Learning rate re-estimated so each step moves voxels by at most one (shrunk) voxel, then
  // a short golden-section line search picks the step within [0, 2] of that.
  optimizer->SetDoEstimateLearningRateAtEachIteration(true);
  optimizer->SetDoEstimateLearningRateOnce(false);
  optimizer->SetLowerLimit(0.0);
  optimizer->SetUpperLimit(2.0);
  optimizer->SetEpsilon(0.2);
  optimizer->SetMaximumLineSearchIterations(5);
  optimizer->SetMinimumConvergenceValue(1e-6);
  optimizer->SetConvergenceWindowSize(8);
  optimizer->AddObserver(itk::IterationEvent(), observer);

  auto registration = Registration::New();
  registration->SetFixedImage(fixed);
  registration->SetMovingImage(moving);
  registration->SetMetric(metric);
  registration->SetOptimizer(optimizer);
  registration->SetInitialTransform(transform);
  registration->InPlaceOn();

  const auto levels = static_cast<unsigned>(options.shrinkFactors.size());
  typename Registration::ShrinkFactorsArrayType shrink(levels);
  typename Registration::SmoothingSigmasArrayType sigmas(levels);
  for (unsigned level = 0; level < levels; ++level) {
    shrink[level] = options.shrinkFactors[level];
    sigmas[level] = options.smoothingSigmasMm[level];
  }
  registration->SetNumberOfLevels(levels);
  registration->SetShrinkFactorsPerLevel(shrink);
  registration->SetSmoothingSigmasPerLevel(sigmas);
  registration->SmoothingSigmasAreSpecifiedInPhysicalUnitsOn();
  typename Registration::MetricSamplingPercentageArrayType fractions(levels);
  for (unsigned level = 0; level < levels; ++level) {
    double voxels = 1.0;
    for (unsigned axis = 0; axis < 3; ++axis) {
      const double size = double(fixed->GetLargestPossibleRegion().GetSize()[axis]);
      voxels *= std::max(1.0, std::floor(size / options.shrinkFactors[level]));
    }
    fractions[level] = std::min(1.0, options.metricSamples / voxels);
  }
  registration->SetMetricSamplingStrategy(Registration::MetricSamplingStrategyEnum::RANDOM);
  registration->SetMetricSamplingPercentagePerLevel(fractions);
  registration->MetricSamplingReinitializeSeed(static_cast<int>(options.seed));

  try {
    registration->Update();
  } catch (const itk::ExceptionObject& error) {
    throw Error(std::string("registration failed: ") + error.GetDescription());
  }
  return optimizer->GetValue();
}

AffineTransform toAffineTransform(const itk::MatrixOffsetTransformBase<double, 3, 3>& transform) {
  AffineTransform::Matrix matrix{};
  AffineTransform::Point offset{};
  for (unsigned row = 0; row < 3; ++row) {
    offset[row] = transform.GetOffset()[row];
    for (unsigned column = 0; column < 3; ++column) {
      matrix[row * 3 + column] = transform.GetMatrix()(row, column);
    }
  }
  return AffineTransform(matrix, offset);
}

}  // namespace

AffineRegistration::AffineRegistration(Options options) : m_options(std::move(options)) {
  if (m_options.shrinkFactors.empty() ||
      m_options.shrinkFactors.size() != m_options.smoothingSigmasMm.size()) {
    throw InvalidArgument("registration has " + std::to_string(m_options.shrinkFactors.size()) +
                          " shrink factors but " +
                          std::to_string(m_options.smoothingSigmasMm.size()) +
                          " smoothing sigmas; one of each per level is needed");
  }
  for (unsigned factor : m_options.shrinkFactors) {
    if (factor == 0) throw InvalidArgument("registration shrink factor 0 is not allowed");
  }
  if (m_options.similarityIterations == 0 && m_options.affineIterations == 0) {
    throw InvalidArgument("registration has 0 iterations in both stages");
  }
  if (m_options.metricSamples == 0) throw InvalidArgument("registration has 0 metric samples");
}

AffineRegistrationResult AffineRegistration::run(const Image& fixed, const Image& fixedMask,
                                                 const Image& moving, const Image& movingMask,
                                                 ProgressSink& progress,
                                                 const CancelToken& cancel) const {
  AffineRegistrationResult result =
      run(masked(fixed, fixedMask, "fixed mask"), masked(moving, movingMask, "moving mask"),
          progress, cancel);
  return result;
}

AffineRegistrationResult AffineRegistration::run(const Image& fixed, const Image& moving,
                                                 ProgressSink& progress,
                                                 const CancelToken& cancel) const {
  requireUsable(fixed, "fixed image");
  requireUsable(moving, "moving image");
  const SingleThreadedItk reproducible;
  const auto start = std::chrono::steady_clock::now();
  const ItkImage::Pointer itkFixed = itkbridge::toItk(fixed);
  const ItkImage::Pointer itkMoving = itkbridge::toItk(moving);

  const auto levels = static_cast<int>(m_options.shrinkFactors.size());
  auto observer = IterationObserver::New();
  observer->setUp(
      &progress, &cancel,
      levels * static_cast<int>(m_options.similarityIterations + m_options.affineIterations));

  // Centres of mass aligned first: subjects arrive with arbitrary origins (KmeansTest sits
  // ~250 mm away from Colin27), far outside what a gradient method can walk.
  auto similarity = Similarity::New();
  using Initializer = itk::CenteredTransformInitializer<Similarity, ItkImage, ItkImage>;
  auto initializer = Initializer::New();
  initializer->SetTransform(similarity);
  initializer->SetFixedImage(itkFixed);
  initializer->SetMovingImage(itkMoving);
  initializer->MomentsOn();
  initializer->InitializeTransform();

  double metric = 0.0;
  if (m_options.similarityIterations > 0) {
    metric = runStage(m_options, m_options.similarityIterations, itkFixed.GetPointer(),
                      itkMoving.GetPointer(), similarity.GetPointer(), observer.GetPointer());
  }
  if (cancel.isCancelled()) throw Cancelled();
  AffineTransform transform = toAffineTransform(*similarity);
  if (m_options.affineIterations > 0) {
    auto affine = Affine::New();
    affine->SetCenter(similarity->GetCenter());
    affine->SetMatrix(similarity->GetMatrix());
    affine->SetTranslation(similarity->GetTranslation());
    metric = runStage(m_options, m_options.affineIterations, itkFixed.GetPointer(),
                      itkMoving.GetPointer(), affine.GetPointer(), observer.GetPointer());
    if (cancel.isCancelled()) throw Cancelled();
    transform = toAffineTransform(*affine);
  }

  AffineRegistrationResult result;
  result.fixedToMoving = transform;
  result.fixedGeometry = fixed.geometry();
  result.movingGeometry = moving.geometry();
  result.finalMetric = metric;
  result.iterations = static_cast<unsigned>(observer->done());
  progress.progress(observer->total(), observer->total(), "register");
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace anomadiff::preprocess
