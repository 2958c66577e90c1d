#pragma once
// Implementation header of anomadiff_pacs: names DCMTK types.

#include "pacs/ObservedScu.h"
#include "pacs/PacsSettings.h"

#include <filesystem>
#include <memory>
#include <thread>

namespace anomadiff {

/// Our storage SCP for one C-MOVE: listens on the settings' move port, as our AE title, only
/// for the PACS's AE title, while the move runs; writes each instance into a folder and tells
/// the observer. The port is open before the move is asked for, so no instance can arrive
/// before we listen; it closes when the object goes.
class MoveDestination {
 public:
  /// Throws IoError when the port cannot be opened (in use, or below 1024 without privileges).
  MoveDestination(const PacsSettings& settings, const std::filesystem::path& folder,
                  RetrieveObserver& observer);
  /// Stops listening once the current association (the PACS's stores) has ended.
  ~MoveDestination();
  MoveDestination(const MoveDestination&) = delete;
  MoveDestination& operator=(const MoveDestination&) = delete;

 private:
  class StorageScp;
  std::unique_ptr<StorageScp> m_scp;
  std::thread m_listener;
};

}  // namespace anomadiff
