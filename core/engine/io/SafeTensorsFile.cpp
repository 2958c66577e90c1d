#include "engine/io/SafeTensorsFile.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <fstream>

namespace anomadiff::engine {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little endian; this reader copies it as it is");

constexpr const char* kMetadataKey = "__metadata__";
// {tensor: {"shape": [..]}} is as deep as a valid header goes; a deeper one is refused while
// parsing so a hostile header cannot build a deep tree.
constexpr int kMaxJsonDepth = 3;

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
  std::uint64_t size;
};

constexpr DtypeInfo kDtypes[] = {{"F32", torch::kFloat32, 4},
                                 {"F64", torch::kFloat64, 8},
                                 {"I32", torch::kInt32, 4},
                                 {"I64", torch::kInt64, 8},
                                 {"U8", torch::kUInt8, 1}};

const DtypeInfo* dtypeByName(const std::string& name) {
  for (const auto& info : kDtypes) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

const DtypeInfo* dtypeByType(torch::ScalarType type) {
  for (const auto& info : kDtypes) {
    if (type == info.type) return &info;
  }
  return nullptr;
}

class HeaderError {
 public:
  explicit HeaderError(std::string message) : m_message(std::move(message)) {}
  const std::string& message() const { return m_message; }

 private:
  std::string m_message;
};

std::string fileLabel(const std::filesystem::path& path) {
  return "safetensors file '" + path.string() + "'";
}

std::uint64_t nonNegativeInteger(const nlohmann::json& value, const std::string& what) {
  if (!value.is_number_unsigned()) {
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
      return value.get<std::uint64_t>();
    }
    throw HeaderError(what + " is not a non-negative integer: " + value.dump());
  }
  return value.get<std::uint64_t>();
}

SafeTensorsFile::TensorInfo parseEntry(const std::string& name, const nlohmann::json& entry,
                                       std::uint64_t dataSize) {
  const std::string label = "tensor '" + name + "'";
  if (!entry.is_object()) throw HeaderError(label + " is not a JSON object");
  for (const char* field : {"dtype", "shape", "data_offsets"}) {
    if (!entry.contains(field)) throw HeaderError(label + " has no '" + field + "'");
  }
  SafeTensorsFile::TensorInfo info;
  info.name = name;
  if (!entry["dtype"].is_string()) throw HeaderError(label + " dtype is not a string");
  info.dtype = entry["dtype"].get<std::string>();
  const DtypeInfo* dtype = dtypeByName(info.dtype);
  if (dtype == nullptr) {
    throw HeaderError(label + " has unsupported dtype '" + info.dtype +
                      "' (supported: F32, F64, I32, I64, U8)");
  }

  const auto& shape = entry["shape"];
  if (!shape.is_array()) throw HeaderError(label + " shape is not an array");
  // Elements are bounded by the data size long before a product could overflow.
  std::uint64_t elements = 1;
  bool tooLarge = false;
  for (const auto& dimension : shape) {
    const std::uint64_t size = nonNegativeInteger(dimension, label + " shape entry");
    if (size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw HeaderError(label + " shape entry " + std::to_string(size) + " is too large");
    }
    info.shape.push_back(static_cast<std::int64_t>(size));
    if (size == 0) {
      elements = 0;
    } else if (elements > dataSize / size) {
      tooLarge = true;
    } else {
      elements *= size;
    }
  }

  const auto& offsets = entry["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2) {
    throw HeaderError(label + " data_offsets is not a pair [begin, end]");
  }
  info.begin = nonNegativeInteger(offsets[0], label + " data_offsets begin");
  info.end = nonNegativeInteger(offsets[1], label + " data_offsets end");
  if (info.begin > info.end) {
    throw HeaderError(label + " data_offsets [" + std::to_string(info.begin) + ", " +
                      std::to_string(info.end) + "] end before they begin");
  }
  if (info.end > dataSize) {
    throw HeaderError(label + " data_offsets [" + std::to_string(info.begin) + ", " +
                      std::to_string(info.end) + "] run past the data section of " +
                      std::to_string(dataSize) + " bytes");
  }
  const std::uint64_t bytes = info.end - info.begin;
  if (tooLarge || elements > bytes / dtype->size || elements * dtype->size != bytes) {
    throw HeaderError(label + " shape " + nlohmann::json(info.shape).dump() + " of " + info.dtype +
                      " does not match its " + std::to_string(bytes) + " bytes of data");
  }
  return info;
}

std::map<std::string, std::string> parseMetadata(const nlohmann::json& metadata) {
  if (!metadata.is_object()) throw HeaderError("__metadata__ is not a JSON object");
  std::map<std::string, std::string> result;
  for (const auto& [key, value] : metadata.items()) {
    if (!value.is_string()) throw HeaderError("__metadata__ value '" + key + "' is not a string");
    result.emplace(key, value.get<std::string>());
  }
  return result;
}

SafeTensorsFile::Header parseHeader(const std::string& text, std::uint64_t dataSize) {
  nlohmann::json json;
  try {
    json =
        nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxJsonDepth) throw HeaderError("header JSON is nested too deeply");
          return true;
        });
  } catch (const nlohmann::json::exception& error) {
    throw HeaderError(std::string("header is not valid JSON: ") + error.what());
  }
  if (!json.is_object()) throw HeaderError("header is not a JSON object");

  SafeTensorsFile::Header header;
  for (const auto& [name, entry] : json.items()) {
    if (name == kMetadataKey) {
      header.metadata = parseMetadata(entry);
    } else {
      header.tensors.push_back(parseEntry(name, entry, dataSize));
    }
  }
  // The data section must be covered exactly: no overlaps (two tensors aliasing bytes) and no
  // gaps (bytes nobody accounts for).
  std::sort(header.tensors.begin(), header.tensors.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t expected = 0;
  const SafeTensorsFile::TensorInfo* previous = nullptr;
  for (const auto& info : header.tensors) {
    if (info.begin < expected) {
      throw HeaderError("tensor '" + info.name + "' overlaps tensor '" + previous->name + "'");
    }
    if (info.begin > expected) {
      throw HeaderError("tensor '" + info.name + "' leaves a gap at byte " +
                        std::to_string(expected) + " of the data section");
    }
    expected = info.end;
    previous = &info;
  }
  if (expected != dataSize) {
    throw HeaderError("tensors cover " + std::to_string(expected) +
                      " bytes but the data section holds " + std::to_string(dataSize));
  }
  return header;
}

std::uint64_t readLittleEndian64(const unsigned char* bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

// Opens the file and validates its header; the stream is left positioned after the header.
SafeTensorsFile::Header openAndValidate(const std::filesystem::path& path, std::ifstream& stream) {
  std::error_code error;
  const std::uint64_t fileSize = std::filesystem::file_size(path, error);
  if (error) throw IoError("cannot read " + fileLabel(path) + ": " + error.message());
  stream.open(path, std::ios::binary);
  if (!stream) throw IoError("cannot open " + fileLabel(path));
  if (fileSize < 8) {
    throw IoError(fileLabel(path) + " is truncated: " + std::to_string(fileSize) +
                  " bytes, less than the 8-byte header length");
  }
  unsigned char lengthBytes[8];
  stream.read(reinterpret_cast<char*>(lengthBytes), 8);
  if (!stream) throw IoError("cannot read the header length of " + fileLabel(path));
  const std::uint64_t headerSize = readLittleEndian64(lengthBytes);
  if (headerSize > fileSize - 8) {
    throw IoError(fileLabel(path) + " declares a header of " + std::to_string(headerSize) +
                  " bytes but only " + std::to_string(fileSize - 8) + " follow");
  }
  if (headerSize > SafeTensorsFile::kMaxHeaderBytes) {
    throw IoError(fileLabel(path) + " declares a header of " + std::to_string(headerSize) +
                  " bytes, more than the limit of " +
                  std::to_string(SafeTensorsFile::kMaxHeaderBytes));
  }
  std::string text(headerSize, '\0');
  stream.read(text.data(), static_cast<std::streamsize>(headerSize));
  if (!stream) throw IoError("cannot read the header of " + fileLabel(path));
  try {
    auto header = parseHeader(text, fileSize - 8 - headerSize);
    header.dataOffset = 8 + headerSize;
    return header;
  } catch (const HeaderError& headerError) {
    throw IoError(fileLabel(path) + ": " + headerError.message());
  }
}

}  // namespace

void SafeTensorsFile::write(const std::filesystem::path& path,
                            const std::map<std::string, torch::Tensor>& tensors,
                            const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header[kMetadataKey] = metadata;
  std::vector<torch::Tensor> data;
  std::uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {  // std::map: sorted by name
    if (name.empty() || name == kMetadataKey) {
      throw InvalidArgument("tensor name '" + name + "' cannot be stored in " + fileLabel(path));
    }
    if (!tensor.defined() || !tensor.device().is_cpu()) {
      throw InvalidArgument("tensor '" + name + "' for " + fileLabel(path) +
                            " is undefined or not on the CPU");
    }
    const DtypeInfo* dtype = dtypeByType(tensor.scalar_type());
    if (dtype == nullptr) {
      throw InvalidArgument("tensor '" + name + "' has dtype " +
                            std::string(c10::toString(tensor.scalar_type())) +
                            ", which safetensors files here do not store");
    }
    auto contiguous = tensor.detach().contiguous();
    const std::uint64_t bytes = static_cast<std::uint64_t>(contiguous.numel()) * dtype->size;
    header[name] = {{"dtype", dtype->name},
                    {"shape", contiguous.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(std::move(contiguous));
  }
  std::string text = header.dump();
  // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
  text.append((8 - text.size() % 8) % 8, ' ');

  AtomicOutput output(path);
  {
    std::ofstream stream(output.temporaryPath(), std::ios::binary | std::ios::trunc);
    if (!stream) throw IoError("cannot create " + fileLabel(output.temporaryPath()));
    unsigned char lengthBytes[8];
    for (int i = 0; i < 8; ++i) lengthBytes[i] = static_cast<unsigned char>(text.size() >> (8 * i));
    stream.write(reinterpret_cast<const char*>(lengthBytes), 8);
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& tensor : data) {
      stream.write(static_cast<const char*>(tensor.data_ptr()),
                   static_cast<std::streamsize>(tensor.numel() * tensor.element_size()));
    }
    stream.close();
    if (!stream) throw IoError("cannot write " + fileLabel(path));
  }
  output.commit();
}

SafeTensorsFile::Header SafeTensorsFile::readHeader(const std::filesystem::path& path) {
  std::ifstream stream;
  return openAndValidate(path, stream);
}

SafeTensors SafeTensorsFile::read(const std::filesystem::path& path) {
  std::ifstream stream;
  const Header header = openAndValidate(path, stream);
  SafeTensors result;
  result.metadata = header.metadata;
  // Tensors are sorted by offset and packed, so the data section is read front to back.
  for (const auto& info : header.tensors) {
    auto tensor =
        torch::empty(info.shape, torch::TensorOptions().dtype(dtypeByName(info.dtype)->type));
    const auto bytes = static_cast<std::streamsize>(info.end - info.begin);
    if (bytes > 0) {
      stream.read(static_cast<char*>(tensor.data_ptr()), bytes);
      if (!stream) {
        throw IoError("cannot read tensor '" + info.name + "' from " + fileLabel(path));
      }
    }
    result.tensors.emplace(info.name, std::move(tensor));
  }
  return result;
}

}  // namespace anomadiff::engine
