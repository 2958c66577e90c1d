#include "pacs/PacsSettings.h"

#include <regex>

namespace anomadiff {

std::string PacsSettings::serverName() const {
  if (usesDicomWeb()) {
    // A URL may carry "user:password@"; it never reaches a message.
    static const std::regex kUserInfo(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@)");
    return "DICOMweb " + std::regex_replace(dicomWebUrl, kUserInfo, "$1");
  }
  return std::string(dimseTls ? "DIMSE-TLS " : "DIMSE ") + calledAeTitle + "@" + host + ":" +
         std::to_string(port);
}

bool PacsSettings::usesTls() const {
  return usesDicomWeb() ? dicomWebUrl.rfind("https://", 0) == 0 : dimseTls;
}

}  // namespace anomadiff
