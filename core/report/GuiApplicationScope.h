#pragma once

#include <memory>

class QGuiApplication;

namespace anomadiff {

/// Keeps a QGuiApplication alive for a scope. Qt's font database — and so QTextDocument layout
/// and PDF text — aborts the process without one, and a command-line run has none (nor, often, a
/// display). Inside a GUI the running application is used; otherwise a private one starts on the
/// offscreen platform, chosen by argument because that beats QT_QPA_PLATFORM: an inherited
/// QT_QPA_PLATFORM=xcb without a display would abort too. Construct on the main thread.
/// Throws Error when a QCoreApplication without GUI is running (Qt allows one per process).
class GuiApplicationScope {
 public:
  GuiApplicationScope();
  ~GuiApplicationScope();
  GuiApplicationScope(const GuiApplicationScope&) = delete;
  GuiApplicationScope& operator=(const GuiApplicationScope&) = delete;

  /// Whether this scope started (and will end) its own application.
  bool ownsApplication() const { return m_application != nullptr; }

 private:
  struct Arguments;
  // Declared first, destroyed last: the application refers to its argc/argv while it lives.
  std::unique_ptr<Arguments> m_arguments;
  std::unique_ptr<QGuiApplication> m_application;
};

}  // namespace anomadiff
