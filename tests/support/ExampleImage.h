#pragma once

#include <QString>

#include <filesystem>

namespace anomadiff::test {

/// The bundled example scan as the build tree holds it (share/anomadiff/examples), the image the
/// GUI and worker tests open.
inline QString exampleImage() {
  return QString::fromStdString(
      (std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/examples/example.nii.gz")
          .string());
}

}  // namespace anomadiff::test
