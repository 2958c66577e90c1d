#pragma once

// The bad-input suite is one test executable (test_robustness_bad_input) made of one QtTest
// object per area; each runs through QTest::qExec from BadInputMain.cpp.
int runImageFileTest(int argc, char** argv);
int runImageContentTest(int argc, char** argv);
int runDicomSeriesTest(int argc, char** argv);
int runModelBundleTest(int argc, char** argv);
int runParameterExportTest(int argc, char** argv);
