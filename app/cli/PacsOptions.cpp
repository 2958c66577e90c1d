#include "cli/PacsOptions.h"

#include "common/Error.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <map>

namespace anomadiff::cli {

void PacsOptions::addTo(CLI::App& command) {
  command.add_option("--dicomweb", m_settings.dicomWebUrl,
                     "DICOMweb base URL (http:// or https://), e.g. http://pacs:8042/dicom-web; "
                     "without it DIMSE is used");
  command.add_option("--user", m_settings.user, "DICOMweb basic-auth user");
  command
      .add_option("--password-env", m_passwordVariable,
                  "Environment variable holding the basic-auth password")
      ->capture_default_str();
  command.add_option("--host", m_settings.host, "DIMSE: the PACS's host");
  command.add_option("--port", m_settings.port, "DIMSE: the PACS's port")->capture_default_str();
  command.add_option("--aet", m_settings.calledAeTitle, "DIMSE: the PACS's AE title");
  command.add_option("--calling-aet", m_settings.callingAeTitle, "DIMSE: our AE title")
      ->capture_default_str();
  command
      .add_option("--retrieve", m_settings.dimseRetrieve,
                  "DIMSE: how to retrieve a series — c-get (on our association) or c-move (to "
                  "our storage SCP on --move-port; the PACS must know our AE title's address)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, PacsSettings::DimseRetrieve>{
              {"c-get", PacsSettings::DimseRetrieve::Get},
              {"c-move", PacsSettings::DimseRetrieve::Move}},
          CLI::ignore_case));
  command
      .add_option("--move-port", m_settings.movePort,
                  "DIMSE C-MOVE: the port our storage SCP listens on")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  command.add_flag("--tls", m_settings.dimseTls,
                   "DIMSE: use TLS (the PACS's certificate is verified; DICOMweb: an https URL)");
  command.add_option("--trusted-certificates", m_settings.trustedCertificates,
                     "TLS: PEM file of the CAs to trust (default: the system's)");
  command.add_option("--client-certificate", m_settings.clientCertificate,
                     "TLS: our PEM certificate, for a PACS that asks for one");
  command.add_option("--client-key", m_settings.clientKey, "TLS: the client certificate's PEM key");
  command
      .add_option("--timeout", m_settings.timeoutSeconds,
                  "Seconds any connect, request or answer may take")
      ->capture_default_str();
}

PacsSettings PacsOptions::settings() const {
  PacsSettings settings = m_settings;
  if (!settings.user.empty()) {
    const char* password = std::getenv(m_passwordVariable.c_str());
    if (password == nullptr) {
      throw InvalidArgument("--user is given but the password variable " + m_passwordVariable +
                            " is not set");
    }
    settings.password = password;
  }
  return settings;
}

}  // namespace anomadiff::cli
