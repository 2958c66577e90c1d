#pragma once

#include "pacs/PacsSettings.h"

namespace anomadiff::gui {

/// The PACS connection the reader set in PACS Settings, kept in QSettings (group "pacs"). The
/// password is never written: it lives in memory for the session and is asked for again after a
/// restart, so no secret lands in a settings file.
class PacsSettingsStore {
 public:
  static PacsSettings load();
  /// Saves everything but the password; keeps the password in memory.
  static void save(const PacsSettings& settings);
  /// Whether a server is configured (a DICOMweb URL, or a host and AE title).
  static bool configured(const PacsSettings& settings);
};

}  // namespace anomadiff::gui
