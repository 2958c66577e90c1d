#pragma once

#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli system`: what this installation runs on — version, LibTorch threads, the BLAS
/// behind it (warns on the slow reference BLAS), plugin folder. First thing to check when a run
/// is slow or a method is missing.
class SystemCommand {
 public:
  void addTo(CLI::App& app);
  int run(std::ostream& out) const;

 private:
  int m_threads = 0;
};

}  // namespace anomadiff::cli
