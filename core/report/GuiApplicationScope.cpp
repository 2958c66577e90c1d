#include "report/GuiApplicationScope.h"

#include "common/Error.h"

#include <QDir>
#include <QGuiApplication>

namespace anomadiff {
namespace {

QtMessageHandler g_previousHandler = nullptr;

/// The offscreen platform asks for the runtime folder once; without a login session (cron, a
/// container) Qt warns that it falls back to /tmp. The private application never uses it, so
/// the CLI's stderr stays free of it; every other message passes on.
void quietRuntimeFolderWarning(QtMsgType type, const QMessageLogContext& context,
                               const QString& message) {
  if (type == QtWarningMsg && message.startsWith("QStandardPaths: XDG_RUNTIME_DIR not set")) return;
  g_previousHandler(type, context, message);  // Qt hands out its default handler, never null
}

/// QGuiApplication aborts the process when the platform plugin is missing; an error is kinder.
void requireOffscreenPlugin() {
  for (const QString& folder : QCoreApplication::libraryPaths()) {
    const QDir platforms(folder + "/platforms");
    if (!platforms.entryList({"*qoffscreen*"}, QDir::Files).isEmpty()) return;
  }
  throw Error("PDF rendering needs Qt's offscreen platform plugin (Debian: qt6-qpa-plugins)");
}

}  // namespace

/// QGuiApplication keeps references to argc and argv and removes the options it parsed, so each
/// scope needs its own writable copy.
struct GuiApplicationScope::Arguments {
  char name[10] = "anomadiff";
  char option[10] = "-platform";
  char platform[10] = "offscreen";
  char* argv[4] = {name, option, platform, nullptr};
  int argc = 3;
};

GuiApplicationScope::GuiApplicationScope() {
  if (const auto* running = QCoreApplication::instance()) {
    if (!qobject_cast<const QGuiApplication*>(running)) {
      throw Error("PDF and text rendering need a QGuiApplication, but a QCoreApplication runs");
    }
    return;
  }
  requireOffscreenPlugin();
  m_arguments = std::make_unique<Arguments>();
  g_previousHandler = qInstallMessageHandler(quietRuntimeFolderWarning);
  m_application = std::make_unique<QGuiApplication>(m_arguments->argc, m_arguments->argv);
  qInstallMessageHandler(g_previousHandler);
}

GuiApplicationScope::~GuiApplicationScope() = default;

}  // namespace anomadiff
