// Issue 17, point 1: bad inputs through the real anomadiff-cli. Every case writes its broken
// file(s) into a fresh folder, runs the CLI and checks a clean refusal (one `error: ` line naming
// the file and the problem, a normal exit, nothing written, the input unchanged, bounded memory)
// or, for inputs that are odd but valid, a sane success.
#include "Suites.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
  QCoreApplication application(argc, argv);
  int failures = 0;
  for (const auto run : {runImageFileTest, runImageContentTest, runDicomSeriesTest,
                         runModelBundleTest, runParameterExportTest}) {
    failures += run(argc, argv);
  }
  return failures == 0 ? 0 : 1;
}
