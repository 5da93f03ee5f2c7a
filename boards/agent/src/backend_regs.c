/* Register-level backends: UIO (mmap of /dev/uioN map 0) and /dev/mem at a physical address. Both
 * drive the Vitis HLS ap_ctrl_hs control register: write ap_start, poll ap_done. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"

#define MAP_LEN 0x10000u

struct regs_state {
  int fd;
  void *map;
  size_t len;
  volatile uint32_t *ctrl;
  double timeout_s;
};

static struct regs_state uio_s = {-1, NULL, 0, NULL, 0}, mem_s = {-1, NULL, 0, NULL, 0};

static double mono_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int fw_ap_run(volatile uint32_t *ctrl, double timeout_s, char *err, size_t errlen) {
  double t0 = mono_s();
  /* ap_done is clear-on-read on HLS control blocks; a stale done from a previous run is consumed here. */
  (void)ctrl[FW_AP_CTRL / 4];
  ctrl[FW_AP_CTRL / 4] = FW_AP_START;
  for (;;) {
    uint32_t v = ctrl[FW_AP_CTRL / 4];
    if (v & FW_AP_DONE) return 0;
    if (mono_s() - t0 > timeout_s) {
      snprintf(err, errlen, "accelerator did not assert ap_done within %.1f s (ctrl=0x%08x)", timeout_s, (unsigned)v);
      return -1;
    }
  }
}

static int map_fd(struct regs_state *s, const char *path, int flags, off_t off, char *err, size_t errlen) {
  s->fd = open(path, flags);
  if (s->fd < 0) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return -1;
  }
  long page = sysconf(_SC_PAGESIZE);
  off_t base = off & ~((off_t)page - 1);
  s->len = MAP_LEN;
  s->map = mmap(NULL, s->len, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, base);
  if (s->map == MAP_FAILED) {
    snprintf(err, errlen, "cannot mmap %s: %s", path, strerror(errno));
    close(s->fd);
    s->fd = -1;
    s->map = NULL;
    return -1;
  }
  s->ctrl = (volatile uint32_t *)((char *)s->map + (off - base));
  return 0;
}

static void unmap(struct regs_state *s) {
  if (s->map) munmap(s->map, s->len);
  if (s->fd >= 0) close(s->fd);
  s->map = NULL;
  s->fd = -1;
}

static int uio_init(struct fw_backend *b, const struct fw_backend_opts *o, char *err, size_t errlen) {
  if (!o->uio_path) {
    snprintf(err, errlen, "uio backend needs --uio /dev/uioN");
    return -1;
  }
  uio_s.timeout_s = o->timeout_s;
  b->state = &uio_s;
  /* UIO map N is selected by offset N * pagesize; map 0 is the control block. */
  return map_fd(&uio_s, o->uio_path, O_RDWR | O_SYNC, 0, err, errlen);
}

static int devmem_init(struct fw_backend *b, const struct fw_backend_opts *o, char *err, size_t errlen) {
  if (!o->devmem_addr) {
    snprintf(err, errlen, "devmem backend needs --devmem 0xADDR (physical base of the control block)");
    return -1;
  }
  mem_s.timeout_s = o->timeout_s;
  b->state = &mem_s;
  return map_fd(&mem_s, "/dev/mem", O_RDWR | O_SYNC, (off_t)o->devmem_addr, err, errlen);
}

static int regs_run_one(struct fw_backend *b, uint64_t index, char *err, size_t errlen) {
  (void)index;
  struct regs_state *s = b->state;
  return fw_ap_run(s->ctrl, s->timeout_s, err, errlen);
}

static void regs_close(struct fw_backend *b) {
  if (b->state) unmap(b->state);
  b->state = NULL;
}

struct fw_backend fw_backend_uio = {"uio", 0, uio_init, regs_run_one, regs_close, NULL};
struct fw_backend fw_backend_devmem = {"devmem", 0, devmem_init, regs_run_one, regs_close, NULL};
