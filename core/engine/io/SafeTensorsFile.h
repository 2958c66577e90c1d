#pragma once

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace anomadiff::engine {

/// Named tensors plus free-form string metadata: the content of one safetensors file.
struct SafeTensors {
  std::map<std::string, torch::Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

/// Reads and writes the safetensors format (8-byte little-endian header length N, N bytes of JSON
/// {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, raw
/// little-endian data). Our own bounded reader: a model file is untrusted input, so the header
/// and every tensor's byte range are checked against the file size before anything is allocated
/// (no pickle, no torch::load, nothing that can run code).
class SafeTensorsFile {
 public:
  /// Headers beyond this are refused without being read (real headers are a few kB).
  static constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

  /// One entry of the header, as validated by readHeader.
  struct TensorInfo {
    std::string name;
    std::string dtype;  // "F32", "F64", "I32", "I64" or "U8"
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets within the data section
    std::uint64_t end = 0;
  };
  struct Header {
    std::vector<TensorInfo> tensors;  // sorted by begin offset
    std::map<std::string, std::string> metadata;
    std::uint64_t dataOffset = 0;  // where the data section starts in the file
  };

  /// Writes CPU tensors of a supported dtype (float32, float64, int32, int64, uint8) sorted by
  /// name, packed without gaps, through a temporary file that is renamed onto `path`.
  /// Throws InvalidArgument for an empty or reserved name or an unsupported dtype/device,
  /// IoError when the file cannot be written.
  static void write(const std::filesystem::path& path,
                    const std::map<std::string, torch::Tensor>& tensors,
                    const std::map<std::string, std::string>& metadata = {});

  /// Validates the whole header against the file size (see class comment), then reads every
  /// tensor. Throws IoError naming the file and the offending tensor or field.
  static SafeTensors read(const std::filesystem::path& path);

  /// Only the validated header (no tensor data is read).
  static Header readHeader(const std::filesystem::path& path);
};

}  // namespace anomadiff::engine
