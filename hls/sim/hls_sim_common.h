// Shared prelude of the fpga-workbench C-simulation headers (ap_int.h, ap_fixed.h, hls_stream.h, ...).
//
// `#pragma HLS ...` lines in user code are meaningless to a host compiler. With -Wall they raise
// -Wunknown-pragmas, which -Werror turns into errors. We silence that warning for the rest of the
// translation unit from here:
//  - clang honours `#pragma clang diagnostic` for pragmas that follow it;
//  - GCC >= 13 honours `#pragma GCC diagnostic` for preprocessor-issued warnings (GCC bug 53431);
//  - GCC <= 12 lexes the whole C++ file before it applies diagnostic pragmas, so no header can
//    silence it there: such builds must pass -Wno-unknown-pragmas (the workbench's csim runner always
//    does; HLS_SIM_PRAGMA_FLAG below names the flag for build scripts).
// `__SYNTHESIS__` stays undefined: this is C simulation.
#ifndef HLS_SIM_COMMON_H
#define HLS_SIM_COMMON_H

#if defined(__clang__)
#pragma clang diagnostic ignored "-Wunknown-pragmas"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif

#define HLS_SIM_PRAGMA_FLAG "-Wno-unknown-pragmas"

#ifndef HLS_SIM_INLINE
#define HLS_SIM_INLINE inline
// constexpr where C++14 allows it (statements in the body); plain inline under C++11, which converter
// projects such as hls4ml still compile with (-std=c++0x).
#if __cplusplus >= 201402L
#define HLS_SIM_CONSTEXPR14 constexpr
#else
#define HLS_SIM_CONSTEXPR14
#endif
#endif

#ifdef __SYNTHESIS__
#error "hls/sim headers are for C simulation only; __SYNTHESIS__ must not be defined"
#endif

#endif // HLS_SIM_COMMON_H
