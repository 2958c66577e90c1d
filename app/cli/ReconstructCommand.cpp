#include "cli/ReconstructCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "common/Version.h"
#include "engine/io/ImageTensor.h"
#include "engine/io/ModelBundle.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/NoisyClassifierNetAdapter.h"
#include "engine/networks/TorchScriptDenoiser.h"
#include "engine/networks/UNetDenoiser.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/ClassifierGuidance.h"
#include "engine/sampling/SamplerRegistry.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "run/InstallLayout.h"

#include <torch/torch.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iomanip>
#include <sstream>

namespace anomadiff::cli {
namespace {

using namespace engine;

/// The models a run uses; loaded before inference mode so the classifier's weights stay
/// differentiable for gradient guidance.
struct LoadedModels {
  std::unique_ptr<Denoiser> denoiser;
  std::unique_ptr<NoisyClassifier> classifier;
  ScheduleConfig schedule;
  std::string name, sha256;
  std::int64_t healthyClass = 0;
};

std::string joinedSamplerNames() {
  std::string text;
  for (const auto& name : SamplerRegistry::names()) text += (text.empty() ? "" : " | ") + name;
  return text;
}

std::string stepFileName(int index, const char* stage, int t) {
  std::ostringstream name;
  name << "step_" << std::setw(4) << std::setfill('0') << index << "_" << stage << "_t" << t
       << ".nii.gz";
  return name.str();
}

/// Every file this command writes lies in the output folder (or its trace/ folder) under a
/// fixed name pattern; refuse when the input is one of them, so an input is never overwritten.
void refuseOverwritingInput(const std::filesystem::path& input,
                            const std::filesystem::path& outputDir) {
  const auto inputFolder = std::filesystem::absolute(input).parent_path();
  const std::string name = input.filename().string();
  const auto startsWith = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
  std::error_code error;
  const bool inOutput = std::filesystem::equivalent(inputFolder, outputDir, error);
  const bool inTrace = std::filesystem::equivalent(inputFolder, outputDir / "trace", error);
  const bool clashes = (inOutput && (name == "reconstruction.nii.gz" || name == "variance.nii.gz" ||
                                     name == "reconstruct.json" || startsWith("member_"))) ||
                       (inTrace && startsWith("step_"));
  if (clashes) throw IoError("output would overwrite the input '" + input.string() + "'");
}

}  // namespace

CLI::App* ReconstructCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand(
      "reconstruct", "Noise an image to level L and denoise it back (engine only, raw values)");
  c->add_option("input", m_input,
                "NIfTI image; values are used as they are, each z-slice is one batch item")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--output-dir,-o", m_outputDir,
                "Folder for reconstruction.nii.gz, variance.nii.gz, reconstruct.json")
      ->required();
  auto* model =
      c->add_option("--model", m_model, "Model bundle folder (default: the embedded bundle)");
  c->add_option("--torchscript", m_torchScript, "TorchScript denoiser forward(x, t[, y]) -> eps")
      ->excludes(model);
  c->add_flag("--trust-model", m_trustModel, "Allow loading TorchScript (it can run code)");
  c->add_option("--schedule", m_scheduleType,
                "linear | cosine (default: the bundle's, else linear)")
      ->check(CLI::IsMember({"linear", "cosine"}));
  c->add_option("--timesteps,-T", m_timesteps, "T (default: the bundle's, else 1000)");
  c->add_option("--beta-start", m_betaStart, "linear schedule first beta (default 1e-4)");
  c->add_option("--beta-end", m_betaEnd, "linear schedule last beta (default 0.02)");
  c->add_option("--encoder", m_encoder, "ddpm-noise (Eq. 2) | ddim (Eq. 6)")
      ->capture_default_str()
      ->check(CLI::IsMember({"ddpm-noise", "ddim"}));
  c->add_option("--noise", m_noise, "gaussian | coarse (forward noise only)")
      ->capture_default_str()
      ->check(CLI::IsMember({"gaussian", "coarse"}));
  c->add_option("--sampler", m_sampler, "one of: " + joinedSamplerNames())
      ->capture_default_str()
      ->check(CLI::IsMember(engine::SamplerRegistry::names()));
  c->add_option("--guidance", m_guidance, "none | classifier | classifier-free")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "classifier", "classifier-free"}));
  c->add_option("--noise-level,-L", m_level, "L, 0 <= L < T")->capture_default_str();
  c->add_option("--steps,-K", m_steps, "denoising steps K, 1 <= K <= L + 1")->capture_default_str();
  c->add_option("--guidance-scale,-s", m_scale, "s (classifier) or w (classifier-free)")
      ->capture_default_str();
  c->add_option("--class", m_targetClass,
                "class to guide towards (default: the bundle's healthy class)");
  c->add_option("--ensemble,-N", m_ensemble, "ensemble members N (one batch)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  c->add_option("--seed", m_seed, "random seed")->capture_default_str();
  c->add_option("--threads", m_threads, "LibTorch threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  c->add_flag("--write-members", m_writeMembers, "Also write every ensemble member");
  c->add_flag("--trace", m_trace, "Write x_t after every step into OUTPUT/trace/");
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  return c;
}

int ReconstructCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  TorchRuntime::setThreads(m_threads);
  const Image input = ImageReader().read(m_input);
  if (input.nonFiniteCount() > 0) {
    throw InvalidArgument("input '" + m_input.string() + "' has " +
                          std::to_string(input.nonFiniteCount()) + " NaN or infinite voxels");
  }
  std::filesystem::create_directories(m_outputDir);
  refuseOverwritingInput(m_input, m_outputDir);

  LoadedModels models;
  if (m_torchScript) {
    auto denoiser = std::make_unique<TorchScriptDenoiser>(*m_torchScript, m_trustModel);
    models.sha256 = denoiser->sha256();
    models.name = m_torchScript->filename().string();
    models.denoiser = std::move(denoiser);
  } else {
    const auto bundle =
        ModelBundle::load(m_model.value_or(run::InstallLayout::defaultModelFolder()));
    models.denoiser = bundle.createDenoiser();
    if (m_guidance == "classifier") models.classifier = bundle.createClassifier();
    models.schedule = bundle.schedule();
    models.name = bundle.name();
    models.sha256 = bundle.denoiserSha256();
    models.healthyClass = bundle.healthyClass();
  }
  if (m_guidance == "classifier" && !models.classifier) {
    throw InvalidArgument("classifier guidance needs a model bundle with a classifier");
  }
  if (m_scheduleType) models.schedule.type = *m_scheduleType;
  if (m_timesteps) models.schedule.steps = *m_timesteps;
  if (m_betaStart) models.schedule.betaStart = *m_betaStart;
  if (m_betaEnd) models.schedule.betaEnd = *m_betaEnd;
  const NoiseSchedule schedule = models.schedule.build();
  const std::int64_t targetClass = m_targetClass.value_or(models.healthyClass);

  GuidedModel guided(*models.denoiser, schedule);
  std::unique_ptr<ClassifierGuidance> classifierGuidance;
  if (m_guidance == "classifier") {
    classifierGuidance =
        std::make_unique<ClassifierGuidance>(*models.classifier, targetClass, m_scale);
    guided.setClassifierGuidance(classifierGuidance.get());
  } else if (m_guidance == "classifier-free") {
    guided.setClassifierFree(ClassifierFreeGuidance{targetClass, m_scale});
  }

  ReconstructionOptions options;
  options.encoder = m_encoder == "ddim" ? ReconstructionOptions::Encoder::Ddim
                                        : ReconstructionOptions::Encoder::ForwardNoise;
  options.noise = NoiseGenerator::kindFromName(m_noise);
  options.sampler = SamplerRegistry::byName(m_sampler).name;
  options.level = m_level;
  options.steps = m_steps;
  options.ensemble = m_ensemble;
  options.seed = m_seed;
  ReconstructionPipeline pipeline(guided, options);

  const auto& geometry = input.geometry();
  int traceIndex = 0;
  if (m_trace) {
    std::filesystem::create_directories(m_outputDir / "trace");
    pipeline.setObserver([&](const char* stage, int t, const torch::Tensor& x) {
      // Ensemble members are stacked member-major; the trace shows the first member.
      const auto first = x.slice(0, 0, static_cast<std::int64_t>(geometry.size[2]));
      ImageWriter().write(ImageTensor::toImage(first, geometry),
                          m_outputDir / "trace" / stepFileName(++traceIndex, stage, t));
    });
  }

  c10::InferenceMode inference;
  ConsoleProgress progress(err, m_quiet);
  const auto start = std::chrono::steady_clock::now();
  const auto result = pipeline.run(ImageTensor::toBatch(input), progress, CancelToken());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  ImageWriter().write(ImageTensor::toImage(result.mean, geometry),
                      m_outputDir / "reconstruction.nii.gz");
  ImageWriter().write(ImageTensor::toImage(result.variance, geometry),
                      m_outputDir / "variance.nii.gz");
  if (m_writeMembers) {
    for (int member = 0; member < m_ensemble; ++member) {
      ImageWriter().write(ImageTensor::toImage(result.samples[member], geometry),
                          m_outputDir / ("member_" + std::to_string(member) + ".nii.gz"));
    }
  }
  const nlohmann::json provenance = {{"app_version", kVersion},
                                     {"input", m_input.string()},
                                     {"model", models.name},
                                     {"model_sha256", models.sha256},
                                     {"schedule", models.schedule.toJson()},
                                     {"encoder", m_encoder},
                                     {"noise", m_noise},
                                     {"sampler", m_sampler},
                                     {"guidance", m_guidance},
                                     {"guidance_scale", m_scale},
                                     {"class", targetClass},
                                     {"noise_level", m_level},
                                     {"steps", m_steps},
                                     {"ensemble", m_ensemble},
                                     {"seed", m_seed},
                                     {"threads", TorchRuntime::threads()},
                                     {"blas", TorchRuntime::blasName()},
                                     {"seconds", seconds},
                                     {"timesteps", pipeline.timesteps()}};
  TextFileWriter().write(m_outputDir / "reconstruct.json", provenance.dump(2) + "\n");
  out << "wrote " << (m_outputDir / "reconstruction.nii.gz").string() << " (" << std::fixed
      << std::setprecision(2) << seconds << " s, " << pipeline.totalSteps() << " steps)\n";
  return 0;
}

}  // namespace anomadiff::cli
