#pragma once

#include <string_view>

namespace anomadiff {

/// The voxel type a file stored; kept so writers can restore it (a 16-bit PNG stays 16-bit).
enum class SampleType { UInt8, Int8, UInt16, Int16, UInt32, Int32, Float32, Float64 };

std::string_view sampleTypeName(SampleType type);

}  // namespace anomadiff
