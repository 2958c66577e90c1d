#include "engine/training/TrainingLoop.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"
#include "engine/io/SafeTensorsFile.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/training/DataParallelGroup.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>

namespace anomadiff::engine {
namespace {

constexpr const char* kCheckpointFormat = "anomadiff-training-checkpoint";
constexpr const char* kCheckpointVersion = "1";
constexpr const char* kModelPrefix = "model/";
constexpr const char* kEmaPrefix = "ema/";
constexpr const char* kAdamPrefix = "adam/";
constexpr const char* kGeneratorKey = "generator_state";

std::string metadataValue(const std::map<std::string, std::string>& metadata,
                          const std::string& key, const std::string& source) {
  const auto found = metadata.find(key);
  if (found == metadata.end()) throw IoError(source + " has no '" + key + "' metadata");
  return found->second;
}

long long metadataInteger(const std::map<std::string, std::string>& metadata,
                          const std::string& key, const std::string& source) {
  const auto text = metadataValue(metadata, key, source);
  try {
    std::size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  throw IoError(source + " metadata '" + key + "'='" + text + "' is not a non-negative integer");
}

const torch::Tensor& requireTensor(const std::map<std::string, torch::Tensor>& tensors,
                                   const std::string& name, const std::string& source) {
  const auto found = tensors.find(name);
  if (found == tensors.end()) throw IoError(source + " lacks tensor '" + name + "'");
  return found->second;
}

at::Generator globalGenerator() {
  return at::detail::getDefaultCPUGenerator();
}

}  // namespace

TrainingLoop::TrainingLoop(std::shared_ptr<torch::nn::Module> model,
                           std::shared_ptr<torch::nn::Module> ema, TrainingOptions options,
                           std::string kind, std::string modelConfig)
    : m_model(std::move(model)),
      m_ema(std::move(ema)),
      m_options(std::move(options)),
      m_kind(std::move(kind)),
      m_modelConfig(std::move(modelConfig)),
      m_order(m_options.seed) {
  m_optimizer = std::make_unique<torch::optim::AdamW>(
      m_model->parameters(),
      torch::optim::AdamWOptions(m_options.learningRate).weight_decay(m_options.weightDecay));
  m_ema->eval();
  for (auto& parameter : m_ema->parameters()) parameter.requires_grad_(false);
  resetEma();
}

TrainingLoop::~TrainingLoop() = default;

void TrainingLoop::resetEma() {
  torch::NoGradGuard noGrad;
  const auto source = SafeTensorsModule::namedTensors(*m_model);
  for (auto& [name, target] : SafeTensorsModule::namedTensors(*m_ema))
    target.copy_(source.at(name));
}

void TrainingLoop::joinGroup(std::shared_ptr<DataParallelGroup> group) {
  if (group && m_options.batchSize % group->worldSize() != 0) {
    throw InvalidArgument("--batch " + std::to_string(m_options.batchSize) +
                          " does not divide among " + std::to_string(group->worldSize()) +
                          " ranks (the batch is the global one; each rank takes an equal share)");
  }
  m_group = std::move(group);
}

bool TrainingLoop::writesOutputs() const {
  return !m_group || m_group->rank() == 0;
}

std::vector<std::int64_t> TrainingLoop::ownShare(std::vector<std::int64_t> indices) const {
  if (!m_group) return indices;
  const auto share = indices.size() / static_cast<std::size_t>(m_group->worldSize());
  const auto first = indices.begin() + static_cast<std::ptrdiff_t>(share * m_group->rank());
  return {first, first + static_cast<std::ptrdiff_t>(share)};
}

void TrainingLoop::startGroupRun() {
  // As DistributedDataParallel does: every rank starts from rank 0's weights, whatever it
  // loaded, so the ranks cannot drift apart from the first step.
  std::vector<torch::Tensor> state;
  for (auto* module : {m_model.get(), m_ema.get()}) {
    for (const auto& tensor : module->parameters()) state.push_back(tensor);
    for (const auto& tensor : module->buffers()) state.push_back(tensor);
  }
  m_group->broadcastFromRankZero(state);
}

void TrainingLoop::updateEma() {
  // Warm-up: early on the average forgets the random initial weights quickly.
  const double decay = std::min(m_options.emaDecay, (1.0 + m_step) / (10.0 + m_step));
  torch::NoGradGuard noGrad;
  const auto modelParameters = m_model->parameters();
  auto emaParameters = m_ema->parameters();
  for (std::size_t i = 0; i < emaParameters.size(); ++i) {
    emaParameters[i].mul_(decay).add_(modelParameters[i], 1.0 - decay);
  }
  const auto modelBuffers = m_model->buffers();
  auto emaBuffers = m_ema->buffers();
  for (std::size_t i = 0; i < emaBuffers.size(); ++i) emaBuffers[i].copy_(modelBuffers[i]);
}

double TrainingLoop::learningRateAt(int step) const {
  if (m_options.warmupSteps <= 0) return m_options.learningRate;
  return m_options.learningRate * std::min(1.0, (step + 1.0) / m_options.warmupSteps);
}

std::vector<std::int64_t> TrainingLoop::nextIndices(std::int64_t datasetSize) {
  auto indices = m_order.indices(m_samplesSeen, m_options.batchSize, datasetSize);
  m_samplesSeen += m_options.batchSize;
  return indices;
}

void TrainingLoop::captureGeneratorState() {
  auto generator = globalGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  m_generatorState = generator.get_state();
}

void TrainingLoop::saveOutputs() {
  captureGeneratorState();
  if (!writesOutputs()) return;
  if (!m_options.checkpointPath.empty()) saveCheckpoint(m_options.checkpointPath);
  if (!m_options.lossLogPath.empty()) writeLossLog(m_options.lossLogPath);
}

TrainingSummary TrainingLoop::run(TrainingDataSource& data, const LossFunction& loss,
                                  ProgressSink& progress, const CancelToken& cancel) {
  const std::int64_t datasetSize = data.size();
  if (datasetSize < 1) throw InvalidArgument("training data set is empty");
  {
    auto generator = globalGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    if (m_generatorState.defined()) {
      generator.set_state(m_generatorState);
    } else {
      // A stream other than the one the trainers seeded for the weight initialisation.
      generator.set_current_seed(m_options.seed ^ 0x9e3779b97f4a7c15ull);
    }
  }
  const auto sessionStart = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return m_secondsBefore +
           std::chrono::duration<double>(std::chrono::steady_clock::now() - sessionStart).count();
  };
  const int firstStep = m_step;
  m_model->train();
  auto parameters = m_model->parameters();
  if (m_group) startGroupRun();
  bool groupCancelled = false;  // some rank was cancelled (agreed in the last exchange)

  while (m_step < m_options.steps) {
    if (m_group ? groupCancelled : cancel.isCancelled()) {
      m_secondsBefore = elapsed();
      saveOutputs();
      throw Cancelled();
    }
    const double learningRate = learningRateAt(m_step);
    for (auto& group : m_optimizer->param_groups()) {
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(learningRate);
    }
    const auto batch = data.get(ownShare(nextIndices(datasetSize)));
    m_optimizer->zero_grad();
    const auto value = loss(batch);
    value.backward();
    double lossValue = value.item<double>();
    if (m_group) {
      const auto exchange = m_group->averageGradients(parameters, lossValue, cancel.isCancelled());
      lossValue = exchange.meanLoss;
      groupCancelled = exchange.cancelRequested;
    }
    const double norm = torch::nn::utils::clip_grad_norm_(
        parameters, m_options.gradientClipNorm > 0 ? m_options.gradientClipNorm
                                                   : std::numeric_limits<double>::infinity());
    if (!std::isfinite(lossValue)) {
      throw Error("training loss became " + std::to_string(lossValue) + " at step " +
                  std::to_string(m_step + 1) + "; lower the learning rate");
    }
    m_optimizer->step();
    ++m_step;
    updateEma();

    const TrainingStep record{m_step, lossValue, learningRate, elapsed(), norm};
    m_history.push_back(record);
    if (m_options.onStep) m_options.onStep(record);
    progress.progress(m_step, m_options.steps, "train");
    if (m_options.checkpointEvery > 0 && m_step % m_options.checkpointEvery == 0 &&
        !m_options.checkpointPath.empty() && writesOutputs()) {
      captureGeneratorState();
      writeCheckpoint(m_options.checkpointPath, elapsed());
    }
    if (!m_options.lossLogPath.empty() && m_step % m_options.logEvery == 0 && writesOutputs()) {
      writeLossLog(m_options.lossLogPath);
    }
  }
  m_secondsBefore = elapsed();
  saveOutputs();

  TrainingSummary summary;
  summary.steps = m_step;
  summary.stepsThisSession = m_step - firstStep;
  summary.seconds = m_secondsBefore;
  const std::size_t recent = std::min<std::size_t>(100, m_history.size());
  for (std::size_t i = m_history.size() - recent; i < m_history.size(); ++i) {
    summary.meanRecentLoss += m_history[i].loss / static_cast<double>(recent);
  }
  return summary;
}

void TrainingLoop::saveCheckpoint(const std::filesystem::path& path) const {
  writeCheckpoint(path, m_secondsBefore);
}

void TrainingLoop::writeCheckpoint(const std::filesystem::path& path, double seconds) const {
  auto tensors = SafeTensorsModule::namedTensors(*m_model, kModelPrefix);
  tensors.merge(SafeTensorsModule::namedTensors(*m_ema, kEmaPrefix));
  // AdamW keys its state by parameter identity; we store it by parameter name.
  const auto& state = m_optimizer->state();
  for (const auto& item : m_model->named_parameters(true)) {
    const auto found = state.find(c10::guts::to_string(item.value().unsafeGetTensorImpl()));
    if (found == state.end()) continue;
    const auto& adam = static_cast<const torch::optim::AdamWParamState&>(*found->second);
    const std::string prefix = std::string(kAdamPrefix) + item.key() + "/";
    tensors[prefix + "exp_avg"] = adam.exp_avg();
    tensors[prefix + "exp_avg_sq"] = adam.exp_avg_sq();
    tensors[prefix + "step"] = torch::tensor({adam.step()}, torch::kInt64);
  }
  if (m_generatorState.defined()) tensors[kGeneratorKey] = m_generatorState;
  const auto count = static_cast<std::int64_t>(m_history.size());
  auto losses = torch::empty({count}, torch::kFloat64);
  auto rates = torch::empty({count}, torch::kFloat64);
  auto times = torch::empty({count}, torch::kFloat64);
  for (std::int64_t i = 0; i < count; ++i) {
    losses[i] = m_history[i].loss;
    rates[i] = m_history[i].learningRate;
    times[i] = m_history[i].seconds;
  }
  tensors["log/loss"] = losses;
  tensors["log/lr"] = rates;
  tensors["log/seconds"] = times;

  const std::map<std::string, std::string> metadata = {
      {"format", kCheckpointFormat},
      {"format_version", kCheckpointVersion},
      {"kind", m_kind},
      {"model_config", m_modelConfig},
      {"step", std::to_string(m_step)},
      {"samples_seen", std::to_string(m_samplesSeen)},
      {"seed", std::to_string(m_options.seed)},
      {"seconds", std::to_string(seconds)}};
  SafeTensorsFile::write(path, tensors, metadata);
}

void TrainingLoop::loadCheckpoint(const std::filesystem::path& path) {
  const std::string source = "checkpoint '" + path.string() + "'";
  auto file = SafeTensorsFile::read(path);
  const auto& metadata = file.metadata;
  if (metadataValue(metadata, "format", source) != kCheckpointFormat ||
      metadataValue(metadata, "format_version", source) != kCheckpointVersion) {
    throw IoError(source + " is not an anomadiff training checkpoint (version " +
                  std::string(kCheckpointVersion) + ")");
  }
  const auto kind = metadataValue(metadata, "kind", source);
  if (kind != m_kind) throw IoError(source + " is a " + kind + " checkpoint, not " + m_kind);
  if (metadataValue(metadata, "model_config", source) != m_modelConfig) {
    throw IoError(source + " was made for another model config: " +
                  metadataValue(metadata, "model_config", source));
  }
  const auto seed = metadataValue(metadata, "seed", source);
  if (seed != std::to_string(m_options.seed)) {
    throw InvalidArgument(source + " was trained with seed=" + seed +
                          ", options say seed=" + std::to_string(m_options.seed));
  }
  const auto step = metadataInteger(metadata, "step", source);
  const auto samplesSeen = metadataInteger(metadata, "samples_seen", source);
  double seconds = 0.0;
  try {
    seconds = std::stod(metadataValue(metadata, "seconds", source));
  } catch (const std::invalid_argument&) {
    throw IoError(source + " metadata 'seconds' is not a number");
  }

  const auto& losses = requireTensor(file.tensors, "log/loss", source);
  const auto& rates = requireTensor(file.tensors, "log/lr", source);
  const auto& times = requireTensor(file.tensors, "log/seconds", source);
  for (const auto* log : {&losses, &rates, &times}) {
    if (log->dim() != 1 || log->size(0) != step || log->scalar_type() != torch::kFloat64) {
      throw IoError(source + " loss history does not hold one float64 entry per step");
    }
  }

  // Validate the optimizer state fully before changing anything.
  std::vector<std::pair<torch::Tensor, std::unique_ptr<torch::optim::AdamWParamState>>> adamStates;
  std::size_t adamTensors = 0;
  for (const auto& item : m_model->named_parameters(true)) {
    const std::string prefix = std::string(kAdamPrefix) + item.key() + "/";
    if (file.tensors.count(prefix + "step") == 0) continue;
    const auto& stepTensor = requireTensor(file.tensors, prefix + "step", source);
    const auto& average = requireTensor(file.tensors, prefix + "exp_avg", source);
    const auto& squares = requireTensor(file.tensors, prefix + "exp_avg_sq", source);
    if (stepTensor.numel() != 1 || stepTensor.scalar_type() != torch::kInt64 ||
        !average.sizes().equals(item.value().sizes()) ||
        !squares.sizes().equals(item.value().sizes()) ||
        average.scalar_type() != item.value().scalar_type() ||
        squares.scalar_type() != item.value().scalar_type()) {
      throw IoError(source + " optimizer state of '" + item.key() + "' does not fit the model");
    }
    auto adam = std::make_unique<torch::optim::AdamWParamState>();
    adam->step(stepTensor.item<std::int64_t>());
    adam->exp_avg(average);
    adam->exp_avg_sq(squares);
    adamStates.emplace_back(item.value(), std::move(adam));
    adamTensors += 3;
  }
  std::size_t storedAdamTensors = 0;
  for (const auto& [name, tensor] : file.tensors)
    storedAdamTensors += name.starts_with(kAdamPrefix);
  if (storedAdamTensors != adamTensors) {
    throw IoError(source + " holds optimizer state for parameters the model does not have");
  }
  torch::Tensor generatorState;
  if (const auto found = file.tensors.find(kGeneratorKey); found != file.tensors.end()) {
    generatorState = found->second;
    if (generatorState.scalar_type() != torch::kUInt8 || generatorState.dim() != 1) {
      throw IoError(source + " tensor '" + kGeneratorKey + "' is not a byte vector");
    }
    auto probe = at::make_generator<at::CPUGeneratorImpl>();  // rejects a malformed state
    try {
      probe.set_state(generatorState);
    } catch (const c10::Error&) {
      throw IoError(source + " tensor '" + kGeneratorKey + "' is not a valid generator state");
    }
  }
  SafeTensorsModule::assign(*m_model, file.tensors, kModelPrefix, source);
  SafeTensorsModule::assign(*m_ema, file.tensors, kEmaPrefix, source);

  auto& state = m_optimizer->state();
  state.clear();
  for (auto& [parameter, adam] : adamStates) {
    state[c10::guts::to_string(parameter.unsafeGetTensorImpl())] = std::move(adam);
  }
  m_step = static_cast<int>(step);
  m_samplesSeen = samplesSeen;
  m_secondsBefore = seconds;
  m_generatorState = generatorState;
  m_history.clear();
  for (std::int64_t i = 0; i < step; ++i) {
    m_history.push_back({static_cast<int>(i + 1), losses[i].item<double>(), rates[i].item<double>(),
                         times[i].item<double>(), 0.0});
  }
}

void TrainingLoop::writeLossLog(const std::filesystem::path& path) const {
  AtomicOutput output(path);
  {
    std::ofstream stream(output.temporaryPath(), std::ios::trunc);
    if (!stream) throw IoError("cannot create loss log '" + path.string() + "'");
    stream << "step,loss,lr,seconds\n";
    char line[128];
    for (const auto& record : m_history) {
      std::snprintf(line, sizeof line, "%d,%.9g,%.9g,%.3f\n", record.step, record.loss,
                    record.learningRate, record.seconds);
      stream << line;
    }
    stream.close();
    if (!stream) throw IoError("cannot write loss log '" + path.string() + "'");
  }
  output.commit();
}

}  // namespace anomadiff::engine
