// anomadiff_fuzz_seed_writer FOLDER: writes the binary seed corpora of the fuzz harnesses into
// FOLDER/<harness>/ (tools/fuzz runs it before fuzzing). Small valid files, written by the
// project's own writers (ImageWriter, DicomSeriesWriter) where it has them, so every seed is
// something the app itself produces and reads; libFuzzer mutates from there. The text seeds
// (model.json, boxes.json, session files, protocol lines) are committed under seeds/ instead.
#include "DicomFolderSplit.h"
#include "common/Error.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageWriter.h"
#include "image/ItkBridge.h"

#include <gdcmTrace.h>
#include <itkImageFileWriter.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using namespace anomadiff;
namespace fs = std::filesystem;

/// A small image with distinct integer voxels (a valid 8-bit PNG and int16 DICOM too), an
/// anisotropic spacing and an origin off zero, so readers that drop geometry show it.
Image phantom(std::size_t width, std::size_t height, std::size_t depth, SampleType storedAs,
              bool rotated) {
  ImageGeometry geometry;
  geometry.size = {width, height, depth};
  geometry.spacing = {0.9, 1.1, 2.0};
  geometry.origin = {-12.5, 7.25, 3.0};
  // 90 degrees about z: the NIfTI writer then stores a qform and an sform that differ from the
  // identity, which ImageReader's sform handling compares.
  if (rotated) geometry.direction = {0, -1, 0, 1, 0, 0, 0, 0, 1};
  std::vector<float> voxels(geometry.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = static_cast<float>((i * 37) % 251);
  return Image(geometry, std::move(voxels), storedAs);
}

/// Writes `image` with ITK as `Pixel` voxels; `compress` gzips the payload (MetaImage
/// CompressedData, NRRD encoding gzip), which ImageWriter never does.
template <typename Pixel>
void writeWithItk(const Image& image, const fs::path& path, bool compress) {
  using ItkImage = itk::Image<Pixel, 3>;
  auto output = ItkImage::New();
  typename ItkImage::SizeType size{{image.width(), image.height(), image.depth()}};
  output->SetRegions(typename ItkImage::RegionType(size));
  itkbridge::applyGeometry(*output, image.geometry());
  output->Allocate();
  std::transform(image.voxels().begin(), image.voxels().end(), output->GetBufferPointer(),
                 [](float v) { return static_cast<Pixel>(v); });
  auto writer = itk::ImageFileWriter<ItkImage>::New();
  writer->SetInput(output);
  writer->SetFileName(path.string());
  writer->SetUseCompression(compress);
  writer->Update();
}

void writeImageSeeds(const fs::path& root) {
  const Image volume = phantom(6, 5, 3, SampleType::Float32, false);
  const Image rotated = phantom(4, 4, 2, SampleType::Int16, true);
  const Image slice = phantom(8, 8, 1, SampleType::UInt8, false);
  const ImageWriter writer;
  for (const char* format : {"nii", "nii_gz", "mha", "nrrd"}) {
    fs::create_directories(root / ("image_" + std::string(format)));
  }
  writer.write(volume, root / "image_nii/seed-volume-float.nii");
  writer.write(slice, root / "image_nii/seed-slice-float.nii");
  writeWithItk<short>(rotated, root / "image_nii/seed-rotated-int16.nii", false);
  writer.write(volume, root / "image_nii_gz/seed-volume-float.nii.gz");
  writeWithItk<short>(rotated, root / "image_nii_gz/seed-rotated-int16.nii.gz", true);
  // Uncompressed: ImageFileFuzzer gzips it, so the fuzzer mutates the NIfTI inside the stream.
  writer.write(slice, root / "image_nii_gz/seed-slice-float.nii");
  writer.write(volume, root / "image_mha/seed-volume-float.mha");
  writeWithItk<short>(rotated, root / "image_mha/seed-rotated-int16-compressed.mha", true);
  writeWithItk<unsigned char>(slice, root / "image_mha/seed-slice-uint8.mha", false);
  writer.write(volume, root / "image_nrrd/seed-volume-float.nrrd");
  writeWithItk<short>(rotated, root / "image_nrrd/seed-rotated-int16-gzip.nrrd", true);
  writeWithItk<unsigned char>(slice, root / "image_nrrd/seed-slice-uint8.nrrd", false);

  fs::create_directories(root / "image_png");
  writer.write(slice, root / "image_png/seed-slice-8bit.png");
  Image deep = phantom(5, 7, 1, SampleType::UInt16, false);
  for (float& voxel : deep.voxels()) voxel *= 250.0f;  // past 255: a 16-bit PNG
  writer.write(deep, root / "image_png/seed-slice-16bit.png");
}

std::string fileBytes(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

void writeFile(const fs::path& path, const std::string& bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!stream) throw IoError("cannot write seed '" + path.string() + "'");
}

/// A series of `depth` slices, joined into one input as DicomFolderFuzzer splits it.
void writeDicomSeed(const fs::path& root, std::size_t depth) {
  const fs::path series = root / ("dicom-series-" + std::to_string(depth));
  fs::remove_all(series);
  DicomSeriesWriter("MR")
      .patient("Fuzz^Seed", "FUZZ")
      .write(phantom(4, 3, depth, SampleType::Int16, depth == 2), series);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(series)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> contents;
  for (const auto& file : files) contents.push_back(fileBytes(file));
  fs::remove_all(series);
  writeFile(root / ("image_dicom/seed-" + std::to_string(depth) + "-slices"),
            fuzz::DicomFolderSplit::join(contents));
}

void writeDicomSeeds(const fs::path& root) {
  fs::create_directories(root / "image_dicom");
  for (std::size_t depth : {1, 2, 3}) writeDicomSeed(root, depth);
}

/// A safetensors file: the 8-byte little-endian header length, the header padded with spaces to
/// 8 bytes as the reference writer does, the data.
std::string safetensors(std::string header, const std::string& data) {
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string bytes(8, '\0');
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>(header.size() >> (8 * i));
  return bytes + header + data;
}

template <typename T>
std::string rawBytes(std::initializer_list<T> values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), std::data(values), bytes.size());
  return bytes;
}

void writeSafeTensorsSeeds(const fs::path& root) {
  const fs::path folder = root / "safetensors";
  fs::create_directories(folder);
  writeFile(folder / "seed-layer.safetensors",
            safetensors(R"({"__metadata__":{"format":"pt"},)"
                        R"("bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                        R"("weight":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}})",
                        rawBytes<float>({0.5f, -1.0f, 1.0f, 2.0f, 3.0f, 4.0f})));
  writeFile(folder / "seed-every-dtype.safetensors",
            safetensors(R"({"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},)"
                        R"("b":{"dtype":"I32","shape":[2],"data_offsets":[8,16]},)"
                        R"("c":{"dtype":"I64","shape":[1,1],"data_offsets":[16,24]},)"
                        R"("d":{"dtype":"U8","shape":[3],"data_offsets":[24,27]}})",
                        rawBytes<double>({1.5}) + rawBytes<std::int32_t>({-7, 7}) +
                            rawBytes<std::int64_t>({1ll << 40}) + "xyz"));
  writeFile(folder / "seed-empty-tensor.safetensors",
            safetensors(R"({"__metadata__":{},"e":{"dtype":"F32","shape":[0,3],)"
                        R"("data_offsets":[0,0]}})",
                        ""));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
    return 2;
  }
  // GDCM warns about every slice DicomSeriesWriter leaves for it to default; not news here.
  gdcm::Trace::WarningOff();
  try {
    const fs::path root = argv[1];
    writeImageSeeds(root);
    writeDicomSeeds(root);
    writeSafeTensorsSeeds(root);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
