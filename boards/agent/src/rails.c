#include "rails.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu.h"

static int read_small(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, cap - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = 0;
  return 0;
}

static int read_u64(const char *path, uint64_t *out) {
  char buf[64];
  if (read_small(path, buf, sizeof buf) != 0) return -1;
  char *end;
  errno = 0;
  long long v = strtoll(buf, &end, 10);
  if (errno || end == buf) return -1;
  *out = v < 0 ? 0 : (uint64_t)v;
  return 0;
}

static int split_name(struct fw_rail *r, const char *spec, const char **rest, char *err, size_t errlen) {
  const char *eq = strchr(spec, '=');
  size_t n = eq ? (size_t)(eq - spec) : 0;
  if (!eq || n == 0 || n >= sizeof r->name) {
    snprintf(err, errlen, "bad rail spec '%s' (expected NAME=...)", spec);
    return -1;
  }
  memset(r, 0, sizeof *r);
  memcpy(r->name, spec, n);
  for (size_t i = 0; i < n; i++) {
    char c = r->name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
      snprintf(err, errlen, "bad rail name '%s'", r->name);
      return -1;
    }
  }
  *rest = eq + 1;
  return 0;
}

int fw_rail_hwmon(struct fw_rail *r, const char *spec, const char *hwmon_root, char *err, size_t errlen) {
  const char *rest;
  if (split_name(r, spec, &rest, err, errlen)) return -1;
  char sensor[64] = {0}, i2c[64] = {0}, attr[32] = "power1";
  size_t sl = strcspn(rest, "@:");
  if (sl == 0 || sl >= sizeof sensor) {
    snprintf(err, errlen, "bad sensor in rail spec '%s'", spec);
    return -1;
  }
  memcpy(sensor, rest, sl);
  const char *p = rest + sl;
  if (*p == '@') {
    size_t il = strcspn(p + 1, ":");
    if (il == 0 || il >= sizeof i2c) return snprintf(err, errlen, "bad i2c in '%s'", spec), -1;
    memcpy(i2c, p + 1, il);
    p += 1 + il;
  }
  if (*p == ':') {
    if (strlen(p + 1) == 0 || strlen(p + 1) >= sizeof attr) return snprintf(err, errlen, "bad attribute in '%s'", spec), -1;
    strcpy(attr, p + 1);
  }
  DIR *d = opendir(hwmon_root);
  if (!d) {
    snprintf(err, errlen, "cannot open %s: %s", hwmon_root, strerror(errno));
    return -1;
  }
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[PATH_MAX], name[128];
    snprintf(path, sizeof path, "%s/%s/name", hwmon_root, e->d_name);
    if (read_small(path, name, sizeof name) != 0 || strcmp(name, sensor) != 0) continue;
    if (i2c[0]) {
      char dev[PATH_MAX], real[PATH_MAX];
      snprintf(dev, sizeof dev, "%s/%s/device", hwmon_root, e->d_name);
      if (!realpath(dev, real) || !strstr(real, i2c)) continue;
    }
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s/%s", hwmon_root, e->d_name);
    snprintf(r->power_path, sizeof r->power_path, "%.290s/%.20s_input", base, attr);
    if (access(r->power_path, R_OK) != 0) {
      /* no power file: current × voltage (INA226 without power1_input: curr1 mA, in2 bus mV) */
      r->power_path[0] = 0;
      snprintf(r->curr_path, sizeof r->curr_path, "%.290s/curr1_input", base);
      snprintf(r->volt_path, sizeof r->volt_path, "%.290s/in2_input", base);
      if (access(r->curr_path, R_OK) != 0 || access(r->volt_path, R_OK) != 0) {
        snprintf(err, errlen, "hwmon sensor '%s' (%s) has neither %s_input nor curr1_input+in2_input", sensor, base, attr);
        closedir(d);
        return -1;
      }
    }
    found = 1;
  }
  closedir(d);
  if (!found) {
    snprintf(err, errlen, "no hwmon device named '%s'%s%s under %s", sensor, i2c[0] ? " on " : "", i2c, hwmon_root);
    return -1;
  }
  return 0;
}

int fw_rail_emulated(struct fw_rail *r, const char *spec, char *err, size_t errlen) {
  const char *rest;
  if (split_name(r, spec, &rest, err, errlen)) return -1;
  char *end;
  unsigned long long mean = strtoull(rest, &end, 10);
  unsigned long long noise = 0;
  if (end == rest) return snprintf(err, errlen, "bad mean in '%s'", spec), -1;
  if (*end == ':') {
    const char *q = end + 1;
    noise = strtoull(q, &end, 10);
    if (end == q) return snprintf(err, errlen, "bad noise in '%s'", spec), -1;
  }
  if (*end) return snprintf(err, errlen, "trailing text in '%s'", spec), -1;
  r->emulated = 1;
  r->mean_uw = mean;
  r->noise_uw = noise > mean ? mean : noise;
  return 0;
}

int fw_rail_read(const struct fw_rail *r, uint32_t seed, uint64_t index, uint32_t rail_index, uint64_t *uw) {
  if (r->emulated) {
    *uw = fw_emu_value(seed, (uint32_t)index, rail_index + 1, r->mean_uw, r->noise_uw);
    return 0;
  }
  if (r->power_path[0]) return read_u64(r->power_path, uw);
  uint64_t ma, mv;
  if (read_u64(r->curr_path, &ma) || read_u64(r->volt_path, &mv)) return -1;
  *uw = ma * mv; /* mA × mV = µW */
  return 0;
}
