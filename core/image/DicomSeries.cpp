#include "image/DicomSeries.h"

#include "common/Error.h"
#include "image/DicomFileCheck.h"
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

/// The files of the folder that carry the SeriesInstanceUID of `file` (ITK's series details
/// also split one series by slice size).
std::vector<std::string> filesOfSeries(const std::filesystem::path& folder,
                                       const std::string& file) {
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(false);
  names->SetDirectory(folder.string());
  for (const auto& uid : names->GetSeriesUIDs()) {
    auto files = names->GetFileNames(uid);
    if (std::find(files.begin(), files.end(), file) != files.end()) return files;
  }
  return {};
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
  const auto imageProblems = DicomFileCheck::verifyFolder(folder);  // before GDCM's scan
  try {
    series.m_files = largestSeries(folder);
    if (series.m_files.empty()) {
      throw IoError("folder '" + folder.string() + "' holds no readable DICOM series");
    }
    // Every file of the series' UID, also those ITK set apart: the refusal names a file's real
    // problem (Bits Allocated 1, say) rather than "mixed sizes".
    const auto seriesFiles = filesOfSeries(folder, series.m_files.front());
    DicomFileCheck::verifySeries(folder, seriesFiles, imageProblems);  // before ITK reads them
    DicomSeriesCheck::verify(folder, DicomSourceReader::read(series.m_files), seriesFiles.size());
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
