/* Accelerator backend interface of the on-board agent.
 *
 * A backend runs ONE inference per run_one() call and returns when the accelerator reports done; the
 * agent times the call (CLOCK_MONOTONIC) and reports that as the inference latency. Inputs are
 * whatever the accelerator reads on its own (preloaded buffers / its own DMA): the agent measures the
 * accelerator, it does not feed it images.
 *
 *   init(opts)      map registers / open the device; returns 0 or -1 with a message in err
 *   run_one(index)  start one inference, wait for done; returns 0 or -1 with a message in err
 *   close()         release everything init acquired
 *
 * Implementations:
 *   host    emulation: sleeps for the plan's estimated latency ± deterministic jitter (no hardware)
 *   uio     /dev/uioN, map 0 = the HLS AXI-Lite control block; writes ap_start, polls ap_done
 *   devmem  same register protocol through /dev/mem at a physical address (root, no driver needed)
 *   xrt     documented stub: build with an XRT toolchain to implement (xrt::kernel run/wait)
 */
#ifndef FW_BACKEND_H
#define FW_BACKEND_H
#include <stddef.h>
#include <stdint.h>

/* Vitis HLS ap_ctrl_hs block-level control register (s_axilite, offset 0x00). */
#define FW_AP_CTRL 0x00u
#define FW_AP_START 0x1u
#define FW_AP_DONE 0x2u
#define FW_AP_IDLE 0x4u

struct fw_backend_opts {
  const char *uio_path;   /* uio: e.g. /dev/uio0 */
  uint64_t devmem_addr;   /* devmem: physical base of the control block */
  double latency_ms;      /* host: mean latency (the plan's estimate) */
  double jitter_pct;      /* host: ± jitter in percent of the mean */
  uint32_t seed;          /* host: jitter sequence seed */
  double timeout_s;       /* uio/devmem: give up waiting for ap_done after this long */
};

struct fw_backend {
  const char *name;
  int emulated; /* 1 when no accelerator is involved: everything reported is labelled emulated */
  int (*init)(struct fw_backend *b, const struct fw_backend_opts *o, char *err, size_t errlen);
  int (*run_one)(struct fw_backend *b, uint64_t index, char *err, size_t errlen);
  void (*close)(struct fw_backend *b);
  void *state;
};

extern struct fw_backend fw_backend_host;
extern struct fw_backend fw_backend_uio;
extern struct fw_backend fw_backend_devmem;
extern struct fw_backend fw_backend_xrt;

/* Shared by uio and devmem: start + poll done on a mapped control block. */
int fw_ap_run(volatile uint32_t *ctrl, double timeout_s, char *err, size_t errlen);

#endif
