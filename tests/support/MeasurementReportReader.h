#pragma once
// Reads an SR Measurement Report (TID 1500) back with DCMTK's document tree, not with the
// classes that wrote it: per TID 1411 measurement group what the DICOM export tests check.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/dsrcodtn.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <dcmtk/dcmsr/dsrimgtn.h>
#include <dcmtk/dcmsr/dsrnumtn.h>
#include <dcmtk/dcmsr/dsrtextn.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::test {

/// One measurement group as the SR holds it.
struct ReportedFinding {
  std::string tracking;  ///< Tracking Identifier
  std::string review;    ///< Review state's code meaning
  std::string box;       ///< Bounding box text
  double volumeMl = -1.0;
  double score = -1.0;
  Uint16 segment = 0;  ///< referenced SEG segment number
};

inline void readGroupItem(const DSRDocumentTreeNode& node, ReportedFinding& finding) {
  const std::string name = node.getConceptName().getCodeMeaning().c_str();
  switch (node.getValueType()) {
    case DSRTypes::VT_Text: {
      const std::string value = static_cast<const DSRTextTreeNode&>(node).getValue().c_str();
      if (name == "Tracking Identifier") finding.tracking = value;
      if (name == "Bounding box") finding.box = value;
      break;
    }
    case DSRTypes::VT_Num: {
      const double value =
          std::atof(static_cast<const DSRNumTreeNode&>(node).getNumericValue().c_str());
      if (name == "Volume") finding.volumeMl = value;
      if (name == "Anomaly score") finding.score = value;
      break;
    }
    case DSRTypes::VT_Code:
      if (name == "Review state") {
        finding.review = static_cast<const DSRCodeTreeNode&>(node).getCodeMeaning().c_str();
      }
      break;
    case DSRTypes::VT_Image:
      static_cast<const DSRImageTreeNode&>(node).getSegmentList().getItem(1, finding.segment);
      break;
    default:
      break;
  }
}

/// The report's measurement groups in order; empty when the file is no readable SR.
inline std::vector<ReportedFinding> reportedFindings(const std::filesystem::path& path) {
  std::vector<ReportedFinding> findings;
  DcmFileFormat file;
  DSRDocument document;
  if (file.loadFile(path.c_str()).bad() || document.read(*file.getDataset()).bad()) {
    return findings;
  }
  DSRDocumentTree& tree = document.getTree();
  for (auto node = tree.gotoNamedNode(CODE_DCM_MeasurementGroup, OFTrue, OFTrue); node > 0;
       node = tree.gotoNextNamedNode(CODE_DCM_MeasurementGroup, OFTrue)) {
    ReportedFinding finding;
    DSRDocumentTreeNodeCursor cursor;
    tree.getCursorToCurrentNode(cursor);
    for (bool more = cursor.gotoChild() > 0; more; more = cursor.gotoNext() > 0) {
      readGroupItem(*cursor.getNode(), finding);
    }
    findings.push_back(finding);
  }
  return findings;
}

}  // namespace anomadiff::test
