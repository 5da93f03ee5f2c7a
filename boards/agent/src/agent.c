/* fw-agent: the on-board measurement agent of fpga-workbench (protocol: ../../protocol.md).
 *
 * Runs on the board's Linux (or on the host as the emulator). Talks the framed line protocol on
 * stdin/stdout or on a tty given with --tty (set to raw mode). Power rails are sampled in the main
 * loop at the requested rate; inferences run in a second thread through a backend (backend.h) so a
 * long inference never delays power sampling. Every batch frame sent is kept in a ring so the host
 * can ask for it again (nak) after a CRC reject or a gap.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "frame.h"
#include "rails.h"

#define AGENT_VERSION "fw-agent/0.1"
#define PROTO_VERSION 1
#define HB_US 250000u
#define LATQ 65536u

/* ---- options ---------------------------------------------------------------------------- */
static const char *opt_tty;
static const char *opt_board = "unknown";
static const char *opt_backend = "host";
static const char *opt_hwmon = "/sys/class/hwmon";
static int opt_baud = 115200;
static uint32_t opt_seed = 1;
static unsigned opt_ring = 8192;
static unsigned opt_corrupt_ppm;
static unsigned opt_chatter_ms;
static struct fw_backend_opts bopts = {NULL, 0, 0, 5.0, 1, 10.0};
static struct fw_rail rails[FW_MAX_RAILS];
static int nrails;
static int emulated_rails;

/* ---- time ------------------------------------------------------------------------------- */
static uint64_t mono_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
static uint64_t wall_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Sample timestamps: wall clock at start + monotonic elapsed, so an NTP step mid-run can never make
 * timestamps go backwards (the host rejects a batch whose rows do). */
static uint64_t stamp_wall0, stamp_mono0;
static uint64_t stamp_us(void) { return stamp_wall0 + (mono_us() - stamp_mono0); }

/* ---- link I/O --------------------------------------------------------------------------- */
static int in_fd = 0, out_fd = 1;
static int link_up = 1;
static int need_newline;
static void flush_out(void);
#define OUTQ_CAP (1u << 20)
static char outq[OUTQ_CAP];
static size_t oq_head, oq_len;
static unsigned long long frames_dropped;
static uint64_t next_reopen;
static struct termios saved_tio;
static int saved_tio_fd = -1;
static uint32_t corrupt_state = 0x9e3779b9u;
static volatile sig_atomic_t quit_flag;

static uint32_t xorshift(void) {
  uint32_t x = corrupt_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return corrupt_state = x;
}

static speed_t baud_const(int b) {
  switch (b) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return B115200;
  }
}

static void set_raw(int fd) {
  struct termios t;
  if (tcgetattr(fd, &t) != 0) return; /* not a tty (pipe in tests): nothing to set */
  if (saved_tio_fd < 0) {
    saved_tio = t;
    saved_tio_fd = fd;
  }
  cfmakeraw(&t);
  cfsetispeed(&t, baud_const(opt_baud));
  cfsetospeed(&t, baud_const(opt_baud));
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  tcsetattr(fd, TCSANOW, &t);
}

static int open_tty(void) {
  int fd = open(opt_tty, O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return -1;
  set_raw(fd);
  in_fd = out_fd = fd;
  link_up = 1;
  need_newline = 1; /* the other side may hold a partial line from before */
  return 0;
}

static void link_down(void) {
  if (!link_up) return;
  link_up = 0;
  oq_head = oq_len = 0; /* bytes for a link that is gone; batches stay in the ring */
  if (opt_tty) {
    close(in_fd);
    in_fd = out_fd = -1;
    next_reopen = mono_us() + 200000u;
  } else {
    quit_flag = 1; /* stdin/stdout closed: nobody to talk to */
  }
}

/* Output queue: frames are appended whole and written as the fd accepts them, so a slow reader
 * never blocks sampling and a frame is never cut in half. When the queue is full a whole frame is
 * dropped (batch frames stay in the ring; the host asks for them again). */

static void flush_out(void) {
  while (link_up && oq_len) {
    size_t seg = OUTQ_CAP - oq_head < oq_len ? OUTQ_CAP - oq_head : oq_len;
    ssize_t n = write(out_fd, outq + oq_head, seg);
    if (n > 0) {
      oq_head = (oq_head + (size_t)n) % OUTQ_CAP;
      oq_len -= (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    link_down();
    return;
  }
}

static void raw_write(const char *buf, size_t len) {
  if (!link_up) return;
  if (oq_len + len > OUTQ_CAP) {
    frames_dropped++;
    return;
  }
  size_t tail = (oq_head + oq_len) % OUTQ_CAP;
  size_t first = OUTQ_CAP - tail < len ? OUTQ_CAP - tail : len;
  memcpy(outq + tail, buf, first);
  memcpy(outq, buf + first, len - first);
  oq_len += len;
  flush_out();
}

/* Test hook (--corrupt-ppm): after framing, flip bits and insert garbage bytes at the given rate. */
static void link_write(const char *buf, size_t len) {
  if (need_newline) {
    need_newline = 0;
    raw_write("\n", 1);
  }
  if (!opt_corrupt_ppm) {
    raw_write(buf, len);
    return;
  }
  char tmp[2 * FW_MAX_LINE];
  size_t o = 0;
  for (size_t i = 0; i < len && o + 2 < sizeof tmp; i++) {
    char c = buf[i];
    if (xorshift() % 1000000u < opt_corrupt_ppm) {
      if (xorshift() & 1u) c = (char)(c ^ (char)(1u << (xorshift() % 8u)));
      else tmp[o++] = (char)(xorshift() & 0xffu);
    }
    tmp[o++] = c;
  }
  raw_write(tmp, o);
}

static void send_frame(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void send_frame(const char *type, const char *fmt, ...) {
  char payload[FW_MAX_PAYLOAD + 1];
  char line[FW_MAX_LINE];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(payload, sizeof payload, fmt, ap);
  va_end(ap);
  if (n < 0 || n > FW_MAX_PAYLOAD) return;
  int len = fw_encode(line, sizeof line, type, payload);
  if (len > 0) link_write(line, (size_t)len);
}

/* ---- measurement state ------------------------------------------------------------------ */
struct ring_slot {
  uint64_t seq;
  char *frame;
  size_t len;
};

static struct ring_slot *ring;
static unsigned ring_n; /* slots in use: opt_ring, fewer when batches are large (memory bound) */
static uint64_t next_seq; /* batches emitted this run */
static int running;
static int measured_once;
static char run_id[9] = "00000000";
static uint64_t rate_hz, max_inf, dur_ms, max_bytes = 480, flush_us = 20000;
static uint64_t t_start_mono, next_sample_mono, sample_index, samples_target;
static const char *end_reason;

static char nonce[17];
static char host_nonce[17];
static int ready;

/* batch builders */
struct batch {
  char rows[FW_MAX_PAYLOAD];
  size_t len;
  unsigned n;
  uint64_t first, t0, opened_mono;
};
static struct batch pwr, lat;

/* inference thread → main loop queue */
struct lat_item {
  uint64_t index, t_end, ns;
};
static struct lat_item latq[LATQ];
static unsigned latq_head, latq_tail;
static pthread_mutex_t latq_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t inf_thread;
static int inf_thread_live;
static volatile int inf_stop;
static volatile int inf_finished;
static char inf_error[256];
static uint64_t inferences_done;
static struct fw_backend *backend;

static void store_and_send(const char *type, const char *payload) {
  char line[FW_MAX_LINE];
  int len = fw_encode(line, sizeof line, type, payload);
  if (len <= 0) return;
  struct ring_slot *s = &ring[next_seq % ring_n];
  free(s->frame);
  s->frame = malloc((size_t)len);
  if (s->frame) {
    memcpy(s->frame, line, (size_t)len);
    s->len = (size_t)len;
    s->seq = next_seq;
  }
  next_seq++;
  link_write(line, (size_t)len);
}

static void flush_batch(struct batch *b, const char *type) {
  if (b->n == 0) return;
  char payload[FW_MAX_PAYLOAD + 1];
  int n = snprintf(payload, sizeof payload, "r=%s q=%llu i=%llu t=%llu n=%u s=%.*s", run_id, (unsigned long long)next_seq,
                   (unsigned long long)b->first, (unsigned long long)b->t0, b->n, (int)b->len, b->rows);
  b->n = 0;
  b->len = 0;
  if (n < 0 || n > FW_MAX_PAYLOAD) return;
  store_and_send(type, payload);
}

/* Header space reserved when deciding whether a row still fits into max_bytes. */
#define HEADER_RESERVE 96u

static void add_row(struct batch *b, const char *type, uint64_t index, uint64_t t, const char *cells) {
  char row[1024];
  if (b->n > 0 && t < b->t0) t = b->t0;
  int rl = snprintf(row, sizeof row, "%s%llu:%s", b->n ? ";" : "", (unsigned long long)(b->n ? t - b->t0 : 0), cells);
  if (rl < 0) return;
  if (b->n > 0 && HEADER_RESERVE + b->len + (size_t)rl > max_bytes) {
    flush_batch(b, type);
    rl = snprintf(row, sizeof row, "0:%s", cells);
  }
  if (b->n == 0) {
    b->first = index;
    b->t0 = t;
    b->opened_mono = mono_us();
  }
  if (b->len + (size_t)rl >= sizeof b->rows) return;
  memcpy(b->rows + b->len, row, (size_t)rl);
  b->len += (size_t)rl;
  b->n++;
}

static void *inference_loop(void *arg) {
  (void)arg;
  char err[256];
  for (uint64_t i = 0; !inf_stop && (max_inf == 0 || i < max_inf); i++) {
    struct timespec a, z;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (backend->run_one(backend, i, err, sizeof err) != 0) {
      snprintf(inf_error, sizeof inf_error, "%s", err);
      break;
    }
    clock_gettime(CLOCK_MONOTONIC, &z);
    uint64_t ns = (uint64_t)(z.tv_sec - a.tv_sec) * 1000000000u + (uint64_t)z.tv_nsec - (uint64_t)a.tv_nsec;
    pthread_mutex_lock(&latq_mu);
    if (latq_tail - latq_head < LATQ) {
      latq[latq_tail % LATQ] = (struct lat_item){i, stamp_us(), ns};
      latq_tail++;
    }
    pthread_mutex_unlock(&latq_mu);
  }
  inf_finished = 1;
  return NULL;
}

static void take_sample(void) {
  char cells[FW_MAX_RAILS * 21 + 1];
  size_t o = 0;
  for (int r = 0; r < nrails; r++) {
    uint64_t uw = 0;
    if (fw_rail_read(&rails[r], opt_seed, sample_index, (uint32_t)r, &uw) != 0) uw = 0;
    o += (size_t)snprintf(cells + o, sizeof cells - o, "%s%llu", r ? "," : "", (unsigned long long)uw);
  }
  add_row(&pwr, "pwr", sample_index, stamp_us(), cells);
  sample_index++;
}

static void drain_latency(void) {
  for (;;) {
    struct lat_item it;
    pthread_mutex_lock(&latq_mu);
    int have = latq_head != latq_tail;
    if (have) it = latq[latq_head++ % LATQ];
    pthread_mutex_unlock(&latq_mu);
    if (!have) break;
    char cell[24];
    snprintf(cell, sizeof cell, "%llu", (unsigned long long)it.ns);
    add_row(&lat, "lat", it.index, it.t_end, cell);
    inferences_done = it.index + 1;
  }
}

static void join_inference(void) {
  if (!inf_thread_live) return;
  inf_stop = 1;
  pthread_join(inf_thread, NULL);
  inf_thread_live = 0;
}

static void end_measurement(const char *why) {
  if (!running) return;
  join_inference();
  drain_latency();
  flush_batch(&pwr, "pwr");
  flush_batch(&lat, "lat");
  running = 0;
  backend->close(backend);
  if (inf_error[0]) {
    char msg[300];
    size_t j = 0;
    for (size_t i = 0; inf_error[i] && j < sizeof msg - 1; i++) msg[j++] = inf_error[i] == ' ' ? '_' : (inf_error[i] == '=' ? ':' : inf_error[i]);
    msg[j] = 0;
    send_frame("end", "r=%s nq=%llu ns=%llu ni=%llu why=error msg=%s", run_id, (unsigned long long)next_seq, (unsigned long long)sample_index,
               (unsigned long long)inferences_done, msg);
  } else {
    send_frame("end", "r=%s nq=%llu ns=%llu ni=%llu why=%s", run_id, (unsigned long long)next_seq, (unsigned long long)sample_index,
               (unsigned long long)inferences_done, why);
  }
  end_reason = why;
}

static void random_hex(char *out, size_t n) {
  unsigned char b[8] = {0};
  int fd = open("/dev/urandom", O_RDONLY);
  if (fd >= 0) {
    if (read(fd, b, sizeof b) != (ssize_t)sizeof b) memset(b, 0, sizeof b);
    close(fd);
  }
  uint64_t mix = wall_us() ^ ((uint64_t)getpid() << 32);
  for (size_t i = 0; i < n; i++) out[i] = "0123456789abcdef"[(b[i / 2 % 8] >> ((i % 2) * 4) ^ (unsigned)(mix >> (i * 4 % 64))) & 0xf];
  out[n] = 0;
}

static const char *mode_label(void) { return (backend->emulated || emulated_rails) ? "emulated" : "measured"; }

static void rail_list(char *out, size_t cap) {
  size_t o = 0;
  if (nrails == 0) {
    snprintf(out, cap, "-");
    return;
  }
  for (int r = 0; r < nrails && o < cap; r++) o += (size_t)snprintf(out + o, cap - o, "%s%s", r ? "," : "", rails[r].name);
}

/* ---- requests --------------------------------------------------------------------------- */
static void reply_err(const char *id, const char *msg) { send_frame("err", "id=%s msg=%s", id, msg); }

static void handle_frame(const struct fw_frame *f) {
  const char *id = fw_get(f, "id");
  if (!id) return; /* every host frame is a request with an id */
  if (strcmp(f->type, "hello") == 0) {
    uint64_t v = 0;
    const char *hn = fw_get(f, "nonce");
    if (fw_get_u64(f, "v", &v) || !hn || strlen(hn) > 16) {
      reply_err(id, "bad-hello");
      return;
    }
    snprintf(host_nonce, sizeof host_nonce, "%s", hn);
    random_hex(nonce, 16);
    ready = 0;
    char rl[FW_MAX_RAILS * 33 + 2];
    rail_list(rl, sizeof rl);
    send_frame("hello", "id=%s v=%d min=1 nonce=%s echo=%s agent=%s mode=%s board=%s backend=%s rails=%s st=%s r=%s nq=%llu t=%llu", id,
               PROTO_VERSION, nonce, host_nonce, AGENT_VERSION, mode_label(), opt_board, backend->name, rl, running ? "run" : "idle", run_id,
               (unsigned long long)next_seq, (unsigned long long)stamp_us());
    return;
  }
  if (strcmp(f->type, "ready") == 0) {
    const char *echo = fw_get(f, "echo");
    if (!echo || !nonce[0] || strcmp(echo, nonce) != 0) {
      reply_err(id, "nonce-mismatch");
      return;
    }
    ready = 1;
    send_frame("ok", "id=%s", id);
    return;
  }
  if (strcmp(f->type, "ping") == 0) {
    send_frame("ok", "id=%s t=%llu", id, (unsigned long long)stamp_us());
    return;
  }
  if (!ready) {
    reply_err(id, "not-ready");
    return;
  }
  if (strcmp(f->type, "start") == 0) {
    if (running) {
      reply_err(id, "busy");
      return;
    }
    uint64_t v;
    rate_hz = fw_get_u64(f, "rate", &v) == 0 ? v : 0;
    max_inf = fw_get_u64(f, "n", &v) == 0 ? v : 0;
    dur_ms = fw_get_u64(f, "dur", &v) == 0 ? v : 0;
    max_bytes = fw_get_u64(f, "mb", &v) == 0 && v >= 128 && v <= FW_MAX_PAYLOAD ? v : 480;
    flush_us = fw_get_u64(f, "fl", &v) == 0 && v >= 1 && v <= 1000 ? v * 1000u : 20000u;
    int want_inf = !(fw_get_u64(f, "inf", &v) == 0 && v == 0);
    if (rate_hz > 10000) {
      reply_err(id, "rate-too-high");
      return;
    }
    char err[256];
    if (want_inf && backend->init(backend, &bopts, err, sizeof err) != 0) {
      for (char *p = err; *p; p++)
        if (*p == ' ') *p = '_';
        else if (*p == '=') *p = ':';
      reply_err(id, err);
      return;
    }
    for (unsigned i = 0; i < opt_ring; i++) {
      free(ring[i].frame);
      ring[i].frame = NULL;
    }
    /* keep the retransmit ring under ~8 MiB whatever batch size the host asked for */
    ring_n = opt_ring;
    unsigned cap = (unsigned)((8u << 20) / (max_bytes + 160u));
    if (cap < 64) cap = 64;
    if (ring_n > cap) ring_n = cap;
    if (nrails == 0) rate_hz = 0; /* no sensors on this board: latency only */
    random_hex(run_id, 8);
    next_seq = 0;
    sample_index = 0;
    inferences_done = 0;
    pwr.n = lat.n = 0;
    pwr.len = lat.len = 0;
    inf_error[0] = 0;
    inf_stop = 0;
    inf_finished = 0;
    latq_head = latq_tail = 0;
    t_start_mono = mono_us();
    next_sample_mono = t_start_mono;
    samples_target = dur_ms && rate_hz ? rate_hz * dur_ms / 1000u : 0;
    running = 1;
    measured_once = 1;
    end_reason = NULL;
    send_frame("ok", "id=%s r=%s rails=%d rate=%llu mode=%s", id, run_id, nrails, (unsigned long long)rate_hz, mode_label());
    if (want_inf) {
      if (pthread_create(&inf_thread, NULL, inference_loop, NULL) == 0) inf_thread_live = 1;
    } else {
      inf_finished = 1;
    }
    if (!want_inf) backend->close(backend);
    return;
  }
  if (strcmp(f->type, "stop") == 0) {
    send_frame("ok", "id=%s", id);
    end_measurement("stop");
    return;
  }
  if (strcmp(f->type, "nak") == 0) {
    uint64_t from, to;
    const char *r = fw_get(f, "r");
    if (fw_get_u64(f, "from", &from) || fw_get_u64(f, "to", &to) || to < from || to - from > 4096) {
      reply_err(id, "bad-range");
      return;
    }
    if (!r || strcmp(r, run_id) != 0) {
      reply_err(id, "unknown-run");
      return;
    }
    uint64_t lo = next_seq > ring_n ? next_seq - ring_n : 0;
    unsigned sent = 0;
    for (uint64_t s = from; s <= to && s < next_seq; s++) {
      if (s < lo) continue;
      struct ring_slot *slot = &ring[s % ring_n];
      if (slot->frame && slot->seq == s) {
        link_write(slot->frame, slot->len);
        sent++;
      }
    }
    send_frame("ok", "id=%s sent=%u lo=%llu nq=%llu", id, sent, (unsigned long long)lo, (unsigned long long)next_seq);
    return;
  }
  reply_err(id, "unknown-request");
}

/* ---- input ------------------------------------------------------------------------------ */
static char inbuf[FW_MAX_LINE + 1];
static size_t inlen;
static int in_dropping;

static void on_input(const char *buf, size_t n) {
  static struct fw_frame f;
  for (size_t i = 0; i < n; i++) {
    char c = buf[i];
    if (c == '\n') {
      if (!in_dropping && fw_decode(inbuf, inlen, &f) == 0) handle_frame(&f);
      inlen = 0;
      in_dropping = 0;
    } else if (inlen < FW_MAX_LINE) {
      inbuf[inlen++] = c;
    } else {
      in_dropping = 1; /* overlong line: drop until the next newline */
    }
  }
}

static void on_signal(int sig) {
  (void)sig;
  quit_flag = 1;
}

static void usage(void) {
  fprintf(stderr,
          "usage: fw-agent [--tty PATH] [--baud N] [--board ID] [--backend host|uio|devmem|xrt]\n"
          "                [--latency-ms X] [--jitter-pct P] [--seed N] [--uio /dev/uioN] [--devmem 0xADDR]\n"
          "                [--rail NAME=SENSOR[@I2C][:ATTR]]... [--emu-rail NAME=MEAN_UW[:NOISE_UW]]...\n"
          "                [--hwmon-root DIR] [--ring N] [--corrupt-ppm N] [--chatter-ms N]\n");
}

int main(int argc, char **argv) {
  char err[512];
  const char *rail_spec[FW_MAX_RAILS];
  int rail_emu[FW_MAX_RAILS];
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define ARG(name) (strcmp(a, name) == 0 && v && (i++, 1))
    if (ARG("--tty")) opt_tty = v;
    else if (ARG("--baud")) opt_baud = atoi(v);
    else if (ARG("--board")) opt_board = v;
    else if (ARG("--backend")) opt_backend = v;
    else if (ARG("--latency-ms")) bopts.latency_ms = atof(v);
    else if (ARG("--jitter-pct")) bopts.jitter_pct = atof(v);
    else if (ARG("--seed")) opt_seed = bopts.seed = (uint32_t)strtoul(v, NULL, 0);
    else if (ARG("--uio")) bopts.uio_path = v;
    else if (ARG("--devmem")) bopts.devmem_addr = strtoull(v, NULL, 0);
    else if (ARG("--timeout-s")) bopts.timeout_s = atof(v);
    else if (ARG("--hwmon-root")) opt_hwmon = v;
    else if (ARG("--ring")) opt_ring = (unsigned)strtoul(v, NULL, 0);
    else if (ARG("--corrupt-ppm")) opt_corrupt_ppm = (unsigned)strtoul(v, NULL, 0);
    else if (ARG("--chatter-ms")) opt_chatter_ms = (unsigned)strtoul(v, NULL, 0);
    else if (ARG("--rail") || ARG("--emu-rail")) {
      /* resolved after parsing, so --hwmon-root may come anywhere on the line */
      if (nrails >= FW_MAX_RAILS) {
        fprintf(stderr, "fw-agent: too many rails (max %d)\n", FW_MAX_RAILS);
        return 2;
      }
      rail_spec[nrails] = v;
      rail_emu[nrails] = strcmp(a, "--emu-rail") == 0;
      nrails++;
    } else {
      usage();
      return 2;
    }
  }
  for (int r = 0; r < nrails; r++) {
    int rc = rail_emu[r] ? fw_rail_emulated(&rails[r], rail_spec[r], err, sizeof err) : fw_rail_hwmon(&rails[r], rail_spec[r], opt_hwmon, err, sizeof err);
    if (rc) {
      fprintf(stderr, "fw-agent: %s\n", err);
      return 2;
    }
    emulated_rails |= rail_emu[r];
  }
  if (strcmp(opt_backend, "host") == 0) backend = &fw_backend_host;
  else if (strcmp(opt_backend, "uio") == 0) backend = &fw_backend_uio;
  else if (strcmp(opt_backend, "devmem") == 0) backend = &fw_backend_devmem;
  else if (strcmp(opt_backend, "xrt") == 0) backend = &fw_backend_xrt;
  else {
    fprintf(stderr, "fw-agent: unknown backend '%s'\n", opt_backend);
    return 2;
  }
  if (opt_ring < 16) opt_ring = 16;
  ring = calloc(opt_ring, sizeof *ring);
  if (!ring) return 1;
  ring_n = opt_ring;
  stamp_wall0 = wall_us();
  stamp_mono0 = mono_us();
  corrupt_state ^= opt_seed * 2654435761u;
  if (!corrupt_state) corrupt_state = 1;

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (opt_tty) {
    if (open_tty() != 0) {
      fprintf(stderr, "fw-agent: cannot open %s: %s\n", opt_tty, strerror(errno));
      return 1;
    }
  } else {
    set_raw(0);
    fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
  }
  fprintf(stderr, "fw-agent: %s board=%s backend=%s rails=%d mode=%s on %s\n", AGENT_VERSION, opt_board, backend->name, nrails, mode_label(),
          opt_tty ? opt_tty : "stdin/stdout");

  uint64_t next_hb = mono_us();
  uint64_t next_chatter = mono_us() + (uint64_t)opt_chatter_ms * 1000u;
  uint64_t chatter_n = 0;
  char buf[4096];
  while (!quit_flag) {
    uint64_t now = mono_us();
    if (!link_up && opt_tty && now >= next_reopen) {
      if (open_tty() != 0) next_reopen = now + 200000u;
    }
    uint64_t wake = next_hb;
    if (running && rate_hz && next_sample_mono < wake) wake = next_sample_mono;
    if (running && (pwr.n || lat.n)) {
      uint64_t fl = (pwr.n ? pwr.opened_mono : lat.opened_mono) + flush_us;
      if (fl < wake) wake = fl;
    }
    if (running) {
      uint64_t q = now + 2000u; /* drain inference results at least every 2 ms */
      if (q < wake) wake = q;
    }
    if (!link_up && next_reopen < wake) wake = next_reopen;
    struct timespec to = {0, 0};
    if (wake > now) {
      to.tv_sec = (time_t)((wake - now) / 1000000u);
      to.tv_nsec = (long)((wake - now) % 1000000u) * 1000;
    }
    struct pollfd p[2] = {{link_up ? in_fd : -1, POLLIN, 0}, {-1, POLLOUT, 0}};
    if (link_up && oq_len) {
      if (out_fd == in_fd) p[0].events |= POLLOUT;
      else p[1].fd = out_fd;
    }
    int pr = ppoll(p, 2, &to, NULL);
    if (pr > 0 && link_up) {
      if ((p[0].revents & POLLOUT) || (p[1].revents & POLLOUT)) flush_out();
      if (p[0].revents & POLLIN) {
        ssize_t n = read(in_fd, buf, sizeof buf);
        if (n > 0) on_input(buf, (size_t)n);
        else if (n == 0 || (errno != EAGAIN && errno != EINTR)) link_down();
      } else if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
        link_down();
        if (!opt_tty) break;
      }
    }
    now = mono_us();
    if (running) {
      if (rate_hz) {
        uint64_t period_ns = 1000000000u / rate_hz;
        while (next_sample_mono <= now && (samples_target == 0 || sample_index < samples_target)) {
          take_sample();
          /* schedule from the start time so rounding never drifts the rate */
          next_sample_mono = t_start_mono + sample_index * period_ns / 1000u;
        }
      }
      drain_latency();
      if (pwr.n && now >= pwr.opened_mono + flush_us) flush_batch(&pwr, "pwr");
      if (lat.n && now >= lat.opened_mono + flush_us) flush_batch(&lat, "lat");
      int time_up = dur_ms && now >= t_start_mono + dur_ms * 1000u && (samples_target == 0 || sample_index >= samples_target);
      int count_done = max_inf && inf_finished && !dur_ms;
      if (inf_error[0] && inf_finished) end_measurement("error");
      else if (time_up) end_measurement("time");
      else if (count_done) end_measurement("count");
    }
    if (opt_chatter_ms && now >= next_chatter) {
      /* emulate kernel printk on the shared console: sometimes a whole line, sometimes no newline */
      char line[128];
      int n = snprintf(line, sizeof line, "[%8.3f] fw-emu: console chatter %llu%s", (double)now / 1e6, (unsigned long long)chatter_n,
                       chatter_n % 3 == 2 ? " " : "\n");
      chatter_n++;
      if (n > 0) raw_write(line, (size_t)n);
      next_chatter = now + (uint64_t)opt_chatter_ms * 1000u;
    }
    if (now >= next_hb) {
      send_frame("hb", "t=%llu st=%s r=%s nq=%llu ns=%llu ni=%llu", (unsigned long long)stamp_us(), running ? "run" : "idle", run_id,
                 (unsigned long long)next_seq, (unsigned long long)sample_index, (unsigned long long)inferences_done);
      next_hb = now + HB_US;
    }
  }
  if (running) end_measurement("quit");
  for (int i = 0; i < 50 && link_up && oq_len; i++) {
    struct pollfd q = {out_fd, POLLOUT, 0};
    poll(&q, 1, 10);
    flush_out();
  }
  if (frames_dropped) fprintf(stderr, "fw-agent: %llu frames dropped on a full output queue\n", frames_dropped);
  if (saved_tio_fd >= 0) tcsetattr(saved_tio_fd, TCSANOW, &saved_tio);
  for (unsigned i = 0; i < opt_ring; i++) free(ring[i].frame);
  free(ring);
  (void)measured_once;
  (void)end_reason;
  return 0;
}
