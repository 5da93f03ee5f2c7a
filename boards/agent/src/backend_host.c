/* Host emulation backend: no hardware; sleeps for the estimated latency with deterministic jitter. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "backend.h"
#include "emu.h"

struct host_state {
  uint64_t mean_ns, noise_ns;
  uint32_t seed;
};

static struct host_state hs;

static int host_init(struct fw_backend *b, const struct fw_backend_opts *o, char *err, size_t errlen) {
  if (!(o->latency_ms > 0)) {
    snprintf(err, errlen, "host backend needs --latency-ms > 0 (the plan's latency estimate)");
    return -1;
  }
  hs.mean_ns = (uint64_t)(o->latency_ms * 1e6);
  hs.noise_ns = (uint64_t)(o->latency_ms * 1e6 * o->jitter_pct / 100.0);
  if (hs.noise_ns > hs.mean_ns) hs.noise_ns = hs.mean_ns;
  hs.seed = o->seed ^ 0x1a7e0c5u;
  b->state = &hs;
  return 0;
}

static int host_run_one(struct fw_backend *b, uint64_t index, char *err, size_t errlen) {
  struct host_state *s = b->state;
  uint64_t ns = fw_emu_value(s->seed, (uint32_t)index, 0, s->mean_ns, s->noise_ns);
  struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
  while (nanosleep(&ts, &ts) != 0) {
    if (errno != EINTR) {
      snprintf(err, errlen, "nanosleep failed");
      return -1;
    }
  }
  return 0;
}

static void host_close(struct fw_backend *b) { b->state = NULL; }

struct fw_backend fw_backend_host = {"host", 1, host_init, host_run_one, host_close, NULL};
