#include "cli/ConsoleProgress.h"

#include <unistd.h>
#include <cstdio>
#include <iomanip>

namespace anomadiff::cli {

ConsoleProgress::ConsoleProgress(std::ostream& out, bool quiet)
    : m_out(out),
      m_quiet(quiet),
      m_interactive(::isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()) {}

void ConsoleProgress::progress(int done, int total, std::string_view stage) {
  if (m_quiet || total <= 0) return;
  const int percent = 100 * done / total;
  if (!m_interactive && percent / 10 == m_lastDecile && done != total) return;
  m_lastDecile = percent / 10;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  m_out << (m_interactive ? "\r" : "") << std::left << std::setw(8) << stage << std::right
        << std::setw(5) << done << "/" << total << std::setw(5) << percent << "%  " << std::fixed
        << std::setprecision(1) << seconds << " s" << (m_interactive && done != total ? "" : "\n")
        << std::flush;
}

}  // namespace anomadiff::cli
