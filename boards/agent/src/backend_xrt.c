/* XRT backend: a documented stub. On a board image with XRT (Kria/Versal PetaLinux with xrt), the
 * implementation is: xrt::device(0) → load_xclbin(path) → xrt::kernel(dev, uuid, name) → per
 * inference `auto run = kernel(args…); run.wait();`. It needs the C++ XRT headers and libxrt_coreutil,
 * so it is not built here; selecting it reports how to build it instead of failing silently. */
#include <stdio.h>

#include "backend.h"

static int xrt_init(struct fw_backend *b, const struct fw_backend_opts *o, char *err, size_t errlen) {
  (void)b;
  (void)o;
  snprintf(err, errlen, "xrt backend is a stub in this build: use --backend uio or devmem, or implement backend_xrt.c against libxrt_coreutil");
  return -1;
}

static int xrt_run_one(struct fw_backend *b, uint64_t index, char *err, size_t errlen) {
  (void)b;
  (void)index;
  snprintf(err, errlen, "xrt backend not available");
  return -1;
}

static void xrt_close(struct fw_backend *b) { (void)b; }

struct fw_backend fw_backend_xrt = {"xrt", 0, xrt_init, xrt_run_one, xrt_close, NULL};
