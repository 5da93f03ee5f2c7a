/* Power rails: read from Linux hwmon by sensor name (never by hwmonN, which changes across boots), or
 * emulated (mean ± deterministic noise) for the host build. Values are in microwatts. */
#ifndef FW_RAILS_H
#define FW_RAILS_H
#include <stddef.h>
#include <stdint.h>

#define FW_MAX_RAILS 32

struct fw_rail {
  char name[32];
  int emulated;
  /* hwmon: power file (µW), or current (mA) × voltage (mV) files when there is no power file */
  char power_path[320];
  char curr_path[320];
  char volt_path[320];
  /* emulated */
  uint64_t mean_uw, noise_uw;
};

/* Parses "NAME=SENSOR[@I2C][:ATTR]" and resolves it under hwmon_root (normally /sys/class/hwmon).
 * I2C disambiguates sensors sharing a name: it must occur in the hwmon device's resolved path. */
int fw_rail_hwmon(struct fw_rail *r, const char *spec, const char *hwmon_root, char *err, size_t errlen);

/* Parses "NAME=MEAN_UW[:NOISE_UW]". */
int fw_rail_emulated(struct fw_rail *r, const char *spec, char *err, size_t errlen);

/* One reading in µW; emulated rails use (seed, sample index, rail index). Returns 0 or -1. */
int fw_rail_read(const struct fw_rail *r, uint32_t seed, uint64_t index, uint32_t rail_index, uint64_t *uw);

#endif
