#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace anomadiff::test {

/// Damages the bytes of a safetensors file (8-byte little-endian header length, JSON header,
/// tensor data) the ways a download or a disk can: cut short, a forged header length, NaN
/// weights.
class SafeTensorsEdit {
 public:
  explicit SafeTensorsEdit(std::string bytes) : m_bytes(std::move(bytes)) {}

  const std::string& bytes() const { return m_bytes; }

  SafeTensorsEdit& truncateTo(std::size_t size) {
    m_bytes.resize(size);
    return *this;
  }

  SafeTensorsEdit& headerLength(std::uint64_t length) {
    std::memcpy(m_bytes.data(), &length, sizeof length);  // little endian, as the format wants
    return *this;
  }

  /// Every value of the largest F32 tensor becomes NaN; returns its name (empty if none).
  std::string fillLargestFloatTensorWithNaN() {
    std::uint64_t headerSize = 0;
    std::memcpy(&headerSize, m_bytes.data(), sizeof headerSize);
    const auto header =
        QJsonDocument::fromJson(QByteArray::fromStdString(m_bytes.substr(8, headerSize))).object();
    QString largest;
    qint64 begin = 0, end = 0;
    for (auto it = header.begin(); it != header.end(); ++it) {
      const QJsonObject tensor = it.value().toObject();
      if (tensor.value("dtype").toString() != "F32") continue;
      const auto offsets = tensor.value("data_offsets").toArray();
      const qint64 first = offsets.at(0).toInteger(), last = offsets.at(1).toInteger();
      if (last - first > end - begin) {
        largest = it.key();
        begin = first;
        end = last;
      }
    }
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (qint64 at = begin; at + 4 <= end; at += 4) {
      std::memcpy(m_bytes.data() + 8 + headerSize + at, &nan, sizeof nan);
    }
    return largest.toStdString();
  }

 private:
  std::string m_bytes;
};

}  // namespace anomadiff::test
