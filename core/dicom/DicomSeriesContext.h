#pragma once
// Implementation header of anomadiff_dicom: names DCMTK types.

#include "image/DicomSource.h"
#include "report/Provenance.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmiod/iodcommn.h>

#include <string>

namespace anomadiff::dicom {

/// What every object AnomaDiff writes shares: the source's patient, study and frame of
/// reference copied as stored (so a PACS files it into the same study), a new series and
/// instance, the equipment (AnomaDiff and its version) and the time it was made.
class DicomSeriesContext {
 public:
  DicomSeriesContext(const DicomSource& source, const Provenance& provenance)
      : m_source(source), m_provenance(provenance) {}

  /// Fills `object`'s patient, study, frame of reference, series and SOP common
  /// modules. `what` names the object in errors ("Segmentation").
  void apply(DcmIODCommon& object, const std::string& seriesUid, const std::string& instanceUid,
             const std::string& seriesNumber, const std::string& seriesDescription,
             const std::string& what) const;

  /// Manufacturer, model name, serial number and software version of the objects we write.
  static IODGeneralEquipmentModule::EquipmentInfo equipment();

  /// The run in one line for DerivationDescription (ST, 1024 characters): version, method, model
  /// hash and every parameter, so a finding can be reproduced from the DICOM object alone.
  std::string provenanceLine() const;

  const DicomSource& source() const { return m_source; }
  const Provenance& provenance() const { return m_provenance; }

  /// Throws IoError "cannot write the DICOM <what>: <step>: <DCMTK's reason>" when `condition`
  /// is bad.
  static void check(const OFCondition& condition, const std::string& what, const std::string& step);

 private:
  const DicomSource& m_source;
  const Provenance& m_provenance;
};

}  // namespace anomadiff::dicom
