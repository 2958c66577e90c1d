#include "common/TextFileWriter.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"

#include <fstream>

namespace anomadiff {

void TextFileWriter::write(const std::filesystem::path& path, std::string_view text) const {
  AtomicOutput output(path);
  {
    std::ofstream stream(output.temporaryPath(), std::ios::binary | std::ios::trunc);
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    stream.flush();
    if (!stream) throw IoError("cannot write file '" + path.string() + "'");
  }
  output.commit();
}

}  // namespace anomadiff
