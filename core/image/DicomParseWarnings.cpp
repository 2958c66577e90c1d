#include "image/DicomParseWarnings.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctypes.h>
#include <dcmtk/oflog/appender.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/oflog/spi/logevent.h>

#include <array>
#include <mutex>

namespace anomadiff {
namespace {

thread_local std::vector<std::string>* t_collector = nullptr;

/// Hands each dcmdata message to the collector of the thread that logged it, if any.
class CollectingAppender : public dcmtk::log4cplus::Appender {
 public:
  ~CollectingAppender() override { destructorImpl(); }
  void close() override {}

 protected:
  void append(const dcmtk::log4cplus::spi::InternalLoggingEvent& event) override {
    if (t_collector != nullptr) t_collector->emplace_back(event.getMessage().c_str());
  }
};

/// The dcmdata logger at warning level, writing only to the collecting appender: without this
/// the warnings are never produced (quietDcmtkLog keeps the root logger at fatal).
void installAppender() {
  static std::once_flag once;
  std::call_once(once, [] {
    DCM_dcmdataLogger.setLogLevel(OFLogger::WARN_LOG_LEVEL);
    DCM_dcmdataLogger.setAdditivity(false);
    DCM_dcmdataLogger.addAppender(dcmtk::log4cplus::SharedAppenderPtr(new CollectingAppender()));
  });
}

/// Phrases of DCMTK 3.6's dcmdata warnings that mean the bytes are damaged, not merely unusual.
constexpr std::array<const char*, 4> kDamage{"Non-standard VR", "Invalid Element", "found twice",
                                             "not in ascending tag order"};

}  // namespace

DicomParseWarnings::DicomParseWarnings() : m_outer(t_collector) {
  installAppender();
  t_collector = &m_messages;
}

DicomParseWarnings::~DicomParseWarnings() {
  t_collector = m_outer;
  if (m_outer != nullptr) m_outer->insert(m_outer->end(), m_messages.begin(), m_messages.end());
}

std::optional<std::string> DicomParseWarnings::damage() const {
  for (const auto& message : m_messages) {
    for (const char* phrase : kDamage) {
      if (message.find(phrase) == std::string::npos) continue;
      std::string shown = message;
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20) c = '?';  // a VR of "\n" must not break the line
      }
      return shown;
    }
  }
  return std::nullopt;
}

}  // namespace anomadiff
