#include "localize/LocalizerRegistry.h"

#include "common/Error.h"

#include <QLibrary>
#include <QPluginLoader>

#include <mutex>

namespace anomadiff {

namespace {

/// Registries are built on several threads (the worker's job thread prepares a method while its
/// main thread answers "methods"). QPluginLoader creates a plugin's factory once and hands it to
/// the next thread under a mutex inside Qt; loading under this one as well makes that hand-over
/// visible to ThreadSanitizer (Qt's mutex is not) and costs nothing: plugins load once.
std::mutex& pluginLoading() {
  static std::mutex lock;
  return lock;
}

}  // namespace

LocalizerRegistry::LocalizerRegistry(const std::filesystem::path& pluginFolder) {
  const std::lock_guard<std::mutex> guard(pluginLoading());
  std::error_code error;
  if (!std::filesystem::is_directory(pluginFolder, error)) {
    m_problems.push_back("plugin folder '" + pluginFolder.string() + "' does not exist");
    return;
  }
  for (const auto& entry : std::filesystem::directory_iterator(pluginFolder, error)) {
    const QString file = QString::fromStdString(entry.path().string());
    if (!entry.is_regular_file() || !QLibrary::isLibrary(file)) continue;
    auto loader = std::make_unique<QPluginLoader>(file);
    auto* factory = qobject_cast<LocalizerFactory*>(loader->instance());
    if (factory == nullptr) {
      m_problems.push_back(entry.path().filename().string() + ": " +
                           loader->errorString().toStdString());
      continue;
    }
    m_factories[factory->create()->name()] = factory;
    m_loaders.push_back(std::move(loader));
  }
}

// Plugins stay loaded for the process lifetime: unloading while a Localizer from them is alive
// would leave its vtable dangling.
LocalizerRegistry::~LocalizerRegistry() = default;

std::vector<std::string> LocalizerRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : m_factories) names.push_back(name);
  return names;
}

std::unique_ptr<Localizer> LocalizerRegistry::create(const std::string& name) const {
  const auto found = m_factories.find(name);
  if (found == m_factories.end()) {
    std::string available;
    for (const auto& known : names()) available += (available.empty() ? "" : ", ") + known;
    throw InvalidArgument("unknown method '" + name +
                          "' (available: " + (available.empty() ? "none" : available) + ")");
  }
  return found->second->create();
}

}  // namespace anomadiff
