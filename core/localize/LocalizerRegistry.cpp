#include "localize/LocalizerRegistry.h"

#include "common/Error.h"

#include <QLibrary>
#include <QPluginLoader>

namespace anomadiff {

LocalizerRegistry::LocalizerRegistry(const std::filesystem::path& pluginFolder) {
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
