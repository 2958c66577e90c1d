#include "image/DicomSeries.h"

#include "common/Error.h"
#include "image/DicomSeriesCheck.h"
#include "image/DicomSourceReader.h"
#include "image/ItkBridge.h"

#include <gdcmTrace.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageSeriesReader.h>

#include <algorithm>

namespace anomadiff {
namespace {

/// How many files of the folder carry the SeriesInstanceUID of `file` (ITK's series details
/// also split one series by slice size).
std::size_t filesOfSeries(const std::filesystem::path& folder, const std::string& file) {
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(false);
  names->SetDirectory(folder.string());
  for (const auto& uid : names->GetSeriesUIDs()) {
    const auto files = names->GetFileNames(uid);
    if (std::find(files.begin(), files.end(), file) != files.end()) return files.size();
  }
  return 0;
}

std::vector<std::string> largestSeries(const std::filesystem::path& folder) {
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(true);
  names->SetDirectory(folder.string());
  std::vector<std::string> best;
  for (const auto& uid : names->GetSeriesUIDs()) {
    auto files = names->GetFileNames(uid);
    if (files.size() > best.size()) best = files;
  }
  return best;
}

}  // namespace

DicomSeries DicomSeries::find(const std::filesystem::path& folder) {
  // GDCM prints its own multi-line warnings and errors (e.g. "position is not unique") to the
  // console; the checks below say the same in one line that names the folder.
  gdcm::Trace::WarningOff();
  gdcm::Trace::ErrorOff();
  DicomSeries series;
  series.m_folder = folder;
  try {
    series.m_files = largestSeries(folder);
    if (series.m_files.empty()) {
      throw IoError("folder '" + folder.string() + "' holds no readable DICOM series");
    }
    DicomSeriesCheck::verify(folder, DicomSourceReader::read(series.m_files),
                             filesOfSeries(folder, series.m_files.front()));
    auto io = itk::GDCMImageIO::New();
    io->SetFileName(series.m_files.front());
    io->ReadImageInformation();
    series.m_header.geometry.size = {io->GetDimensions(0), io->GetDimensions(1),
                                     series.m_files.size()};
    series.m_header.sampleType = itkbridge::sampleTypeOf(io->GetComponentType());
    series.m_header.components = io->GetNumberOfComponents();
  } catch (const itk::ExceptionObject& error) {
    throw IoError("cannot read DICOM series in '" + folder.string() +
                  "': " + error.GetDescription());
  }
  return series;
}

Image DicomSeries::read() const {
  using Reader = itk::ImageSeriesReader<itkbridge::FloatImage3>;
  auto reader = Reader::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(m_files);
  reader->Update();
  return itkbridge::toImage(*reader->GetOutput(), m_header.sampleType);
}

DicomSource DicomSeries::source() const {
  // m_files is in the order ImageSeriesReader stacks the slices, so slice k is volume index k.
  return DicomSourceReader::read(m_files);
}

}  // namespace anomadiff
