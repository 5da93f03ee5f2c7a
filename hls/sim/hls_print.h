// hls_print.h — hls::print(format, value): in C simulation it prints like printf.
#ifndef HLS_SIM_HLS_PRINT_H
#define HLS_SIM_HLS_PRINT_H

#include <cstdio>

#include "hls_sim_common.h"

namespace hls {
inline void print(const char* fmt) { std::fputs(fmt, stdout); }
inline void print(const char* fmt, int v) { std::printf(fmt, v); }
inline void print(const char* fmt, unsigned v) { std::printf(fmt, v); }
inline void print(const char* fmt, double v) { std::printf(fmt, v); }
}  // namespace hls

#endif  // HLS_SIM_HLS_PRINT_H
