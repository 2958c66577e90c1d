#pragma once
// Reads a binary DICOM SEG back from the plain data set (not the IOD classes that wrote it):
// per segment number its voxels, frames placed on the source series by their z position.

#include "image/DicomSource.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <vector>

namespace anomadiff::test {

using SegmentVoxels = std::map<int, std::vector<std::array<std::size_t, 3>>>;

/// Source slice index of a frame, by the z of its ImagePositionPatient (the slices differ in
/// z); `source.slices.size()` when none matches.
inline std::size_t segFrameSlice(const DicomSource& source, DcmItem& frame) {
  DcmItem* plane = nullptr;
  frame.findAndGetSequenceItem(DCM_PlanePositionSequence, plane);
  Float64 z = 0;
  if (plane) plane->findAndGetFloat64(DCM_ImagePositionPatient, z, 2);
  for (std::size_t k = 0; k < source.slices.size(); ++k) {
    const std::string& position = source.slices[k].imagePosition;
    if (std::abs(std::atof(position.substr(position.rfind('\\') + 1).c_str()) - z) < 1e-3) {
      return k;
    }
  }
  return source.slices.size();
}

/// Per segment number, its voxels as (x, y, slice), from the bit-packed frames.
inline SegmentVoxels segmentVoxels(DcmDataset& seg, const DicomSource& source) {
  SegmentVoxels voxels;
  const Uint8* bits = nullptr;
  unsigned long length = 0;
  seg.findAndGetUint8Array(DCM_PixelData, bits, &length);
  const std::size_t plane = source.rows * source.columns;
  DcmItem* frame = nullptr;
  for (unsigned long f = 0;
       seg.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, long(f)).good();
       ++f) {
    DcmItem* identification = nullptr;
    frame->findAndGetSequenceItem(DCM_SegmentIdentificationSequence, identification);
    Uint16 segment = 0;
    if (identification) identification->findAndGetUint16(DCM_ReferencedSegmentNumber, segment);
    const std::size_t slice = segFrameSlice(source, *frame);
    for (std::size_t i = 0; i < plane; ++i) {
      const std::size_t bit = f * plane + i;
      if (bits && bit / 8 < length && ((bits[bit / 8] >> (bit % 8)) & 1)) {
        voxels[segment].push_back({i % source.columns, i / source.columns, slice});
      }
    }
  }
  return voxels;
}

}  // namespace anomadiff::test
