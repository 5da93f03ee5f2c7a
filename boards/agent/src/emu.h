/* Deterministic emulated samples, shared bit-for-bit with src-main/measure/emu-model.ts so tests can
 * check every accepted sample against the value the agent produced. */
#ifndef FW_EMU_H
#define FW_EMU_H
#include <stdint.h>

static inline uint32_t fw_mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

static inline uint32_t fw_emu_hash(uint32_t seed, uint32_t index, uint32_t channel) {
  return fw_mix32(seed ^ fw_mix32(index * 0x9e3779b9u + channel * 0x85ebca6bu + 1u));
}

/* mean ± noise, uniform in 2001 steps; integer maths so C and TypeScript agree exactly. */
static inline uint64_t fw_emu_value(uint32_t seed, uint32_t index, uint32_t channel, uint64_t mean, uint64_t noise) {
  int64_t step = (int64_t)(fw_emu_hash(seed, index, channel) % 2001u) - 1000;
  int64_t v = (int64_t)mean + step * (int64_t)noise / 1000;
  return v < 0 ? 0 : (uint64_t)v;
}
#endif
