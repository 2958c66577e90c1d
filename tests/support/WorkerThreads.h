#pragma once

#include <QString>
#include <QtGlobal>

namespace anomadiff::test {

/// LibTorch's threads for a test's real worker (`--threads`): 2, or ANOMADIFF_TEST_TORCH_THREADS.
/// `tools/test --sanitize=thread` sets 1: with more, LibTorch hands work to libgomp's OpenMP
/// threads through barriers ThreadSanitizer cannot see (libgomp is not instrumented), and every
/// convolution would be reported as a race inside libtorch_cpu. With 1 there is no OpenMP thread;
/// the worker's own threads (stdin reader, job thread, cancel) are what that run is for.
inline QString workerThreads() {
  const QByteArray value = qgetenv("ANOMADIFF_TEST_TORCH_THREADS");
  return value.isEmpty() ? QString("2") : QString::fromLatin1(value);
}

}  // namespace anomadiff::test
