#pragma once
// The real MRI the tests read from Debian packages (mricron-data, insighttoolkit5-examples).

namespace anomadiff::test {

/// Colin27 T1 with skull, and skull-stripped, 181 x 217 x 181 at 1 mm, stored RAS.
inline constexpr const char* kColinHead = "/usr/share/mricron/templates/ch2.nii.gz";
inline constexpr const char* kColinBrain = "/usr/share/mricron/templates/ch2bet.nii.gz";
/// The second subject: raw T1 with skull, 128 x 128 x 62 at 2 x 2 x 3 mm, stored LSA (coronal),
/// and its brain labels.
inline constexpr const char* kKmeansT1 =
    "/usr/share/doc/insighttoolkit5-examples/examples/Data/KmeansTest_T1UCharRaw.nii.gz";
inline constexpr const char* kKmeansLabels =
    "/usr/share/doc/insighttoolkit5-examples/examples/Data/KmeansTest_T1RawSkullStrip.nii.gz";

}  // namespace anomadiff::test
