#pragma once

#include "pacs/PacsSettings.h"

#include <string>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// The PACS connection options every PACS-talking command shares. The password is never an
/// option (a command line is visible to every user of the machine): it is read from the
/// environment variable that --password-env names.
class PacsOptions {
 public:
  void addTo(CLI::App& command);
  /// Throws InvalidArgument when the password variable is named but unset.
  PacsSettings settings() const;

 private:
  PacsSettings m_settings;
  std::string m_passwordVariable = "ANOMADIFF_PACS_PASSWORD";
};

}  // namespace anomadiff::cli
