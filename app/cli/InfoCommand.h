#pragma once

#include <filesystem>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli info INPUT [--json]`: reads an image and prints its geometry, stored type,
/// intensity range and the number of NaN/infinite voxels. A quick check that a file is usable.
class InfoCommand {
 public:
  void addTo(CLI::App& app);
  int run(std::ostream& out) const;

 private:
  std::filesystem::path m_input;
  bool m_json = false;
};

}  // namespace anomadiff::cli
