#pragma once
// Implementation header of anomadiff_pacs: names DCMTK types.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/ofstd/oflist.h>
#include <dcmtk/ofstd/ofstring.h>

namespace anomadiff {

/// The transfer syntaxes we propose and accept: the uncompressed ones, which every PACS can
/// convert to and DCMTK reads without codecs.
inline OFList<OFString> uncompressedSyntaxes() {
  OFList<OFString> syntaxes;
  syntaxes.push_back(UID_LittleEndianExplicitTransferSyntax);
  syntaxes.push_back(UID_BigEndianExplicitTransferSyntax);
  syntaxes.push_back(UID_LittleEndianImplicitTransferSyntax);
  return syntaxes;
}

}  // namespace anomadiff
