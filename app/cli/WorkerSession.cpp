#include "cli/WorkerSession.h"

#include "cli/WorkerProgress.h"
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "run/InstallLayout.h"
#include "run/MethodCatalog.h"

namespace anomadiff::cli {
namespace {

run::LocalizeRequest localizeRequestOf(const protocol::LocalizeCommand& command) {
  run::LocalizeRequest request;
  request.input = command.input;
  request.outputDir = command.outputDir;
  if (command.mask) request.mask = *command.mask;
  request.threshold = command.threshold;
  request.findingGate = command.findingGate;
  request.findingPeak = command.findingPeak;
  request.minimumBoxArea = command.minimumBoxArea;
  request.intake.scanKind = command.scanKind;
  request.intake.biasCorrection = command.biasCorrection;
  request.intake.registration = command.registration;
  return request;
}

LocalizerParameters parametersOf(const protocol::LocalizeCommand& command) {
  LocalizerParameters parameters;
  for (const auto& [name, value] : command.parameters) parameters.set(name, value);
  return parameters;
}

}  // namespace

WorkerSession::WorkerSession(WorkerEvents& events, int defaultThreads)
    : m_events(events), m_defaultThreads(defaultThreads) {}

WorkerSession::~WorkerSession() {
  stopRunning();
}

bool WorkerSession::handle(const std::string& line) {
  // Decoded first, before anything is cancelled: a malformed request leaves the running job alone.
  protocol::WorkerRequest request;
  try {
    request = protocol::decodeRequest(line);
  } catch (const protocol::RequestError& error) {
    m_events.error(error.id(), error.what());
    return true;
  }
  try {
    return std::visit([&](const auto& command) { return carryOut(request.id, command); },
                      request.command);
  } catch (const Error& error) {
    m_events.error(request.id, error.what());
  }
  return true;
}

bool WorkerSession::carryOut(const Id& id, const protocol::LocalizeCommand& command) {
  const MethodKey key{command.method, command.model};
  const auto localize = localizeRequestOf(command);
  const auto given = parametersOf(command);
  const int threads = static_cast<int>(command.threads);
  stopRunning();
  startJob(id, [this, id, key, localize, given, threads] {
    // Per job: the GUI lowers it while its sweep worker shares the cores (0: the --threads).
    engine::TorchRuntime::setThreads(threads > 0 ? threads : m_defaultThreads);
    run::PreparedMethod& method = preparedFor(key);
    method.given = given;
    run::MethodSetup::setUpFor(method, false);  // ModelSpaceAnalysis sets a volume up again
    WorkerProgress progress(m_events, id, m_previews.nextFile());
    const auto before = method.localizer->modelEvaluations();
    const auto outcome = run::LocalizeJob(localize).run(method, progress, m_cancel);
    protocol::LocalizeResultEvent result;
    result.outputDir = localize.outputDir.string();
    result.method = method.localizer->name();
    result.boxes = outcome.boxes;
    result.threshold = outcome.threshold;
    result.thresholdSource = outcome.thresholdSource;
    result.seconds = outcome.seconds;
    result.warnings = outcome.warnings;
    result.networkEvaluations =
        static_cast<long long>(method.localizer->modelEvaluations() - before);
    m_events.send(id, std::move(result));
  });
  return true;
}

bool WorkerSession::carryOut(const Id& id, const protocol::MethodsCommand& command) {
  // Answered at once, beside a running job: it reads model.json and the plugin list only.
  const LocalizerRegistry registry(run::InstallLayout::pluginFolder());
  const auto model =
      command.model ? std::optional<std::filesystem::path>(*command.model) : std::nullopt;
  m_events.send(id, protocol::MethodsEvent{run::MethodCatalog::catalog(
                        registry, run::MethodSetup::bundleDescription(model))});
  return true;
}

bool WorkerSession::carryOut(const Id& id, const protocol::LoadModelCommand& command) {
  const MethodKey key{command.method, command.model};
  stopRunning();
  startJob(id, [this, id, key] {
    const run::PreparedMethod& method = preparedFor(key);
    m_events.send(
        id, protocol::ModelLoadedEvent{method.localizer->name(), method.localizer->modelName(),
                                       method.localizer->modelHash()});
  });
  return true;
}

bool WorkerSession::carryOut(const Id&, const protocol::CancelCommand&) {
  stopRunning();
  return true;
}

bool WorkerSession::carryOut(const Id&, const protocol::QuitCommand&) {
  stopRunning();
  return false;
}

bool WorkerSession::carryOut(const Id& id, const protocol::PingCommand&) {
  // Answered by the reading thread, beside a running job: proof for the GUI's watchdog that the
  // worker still reads its requests.
  m_events.send(id, protocol::PongEvent{});
  return true;
}

template <typename Work>
void WorkerSession::startJob(const Id& id, Work work) {
  m_cancel = CancelToken();
  m_job = std::thread([this, id, work] {
    try {
      work();
    } catch (const Cancelled&) {
      m_events.cancelled(id);
    } catch (const Error& error) {
      m_events.error(id, error.what());
    } catch (const std::exception& error) {
      m_events.error(id, std::string("internal error: ") + error.what());
    }
  });
}

void WorkerSession::stopRunning() {
  if (!m_job.joinable()) return;
  m_cancel.cancel();
  m_job.join();
}

run::PreparedMethod& WorkerSession::preparedFor(const MethodKey& key) {
  const auto name = std::make_pair(key.method.value_or(""), key.model.value_or(""));
  if (const auto found = m_prepared.find(name); found != m_prepared.end()) return found->second;
  const auto model = key.model ? std::optional<std::filesystem::path>(*key.model) : std::nullopt;
  return m_prepared.emplace(name, run::MethodSetup::prepare({key.method, model, {}, {}}))
      .first->second;
}

}  // namespace anomadiff::cli
