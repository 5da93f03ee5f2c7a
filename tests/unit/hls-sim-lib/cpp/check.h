// Minimal check macros for the hls/sim C++ tests: count failures, print each, exit non-zero.
#ifndef HLS_SIM_TEST_CHECK_H
#define HLS_SIM_TEST_CHECK_H
#include <cstdio>
static int g_failures = 0;
#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      ++g_failures;                                                       \
      std::printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                     \
  } while (0)
#define TEST_RESULT() (std::printf("%d failures\n", g_failures), g_failures ? 1 : 0)
#endif
