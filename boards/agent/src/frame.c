#include "frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];
static int crc_ready;

static void crc_init(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
  crc_ready = 1;
}

uint32_t fw_crc32(const void *data, size_t len) {
  if (!crc_ready) crc_init();
  const unsigned char *p = data;
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < len; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

int fw_encode(char *out, size_t cap, const char *type, const char *payload) {
  size_t plen = strlen(payload);
  if (plen > FW_MAX_PAYLOAD) return -1;
  int head = snprintf(out, cap, FW_MARKER "%s %zu %s ", type, plen, payload);
  if (head < 0 || (size_t)head + 10 > cap) return -1;
  uint32_t crc = fw_crc32(out, (size_t)head);
  int n = snprintf(out + head, cap - (size_t)head, "%08x\n", (unsigned)crc);
  if (n != 9) return -1;
  return head + 9;
}

static int is_type_char(char c) { return c >= 'a' && c <= 'z'; }
static int is_value_char(char c) { return c >= 0x21 && c <= 0x7e && c != '='; }
static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/* Strict parse of a frame starting at line[at]; 0 ok, -2 invalid. */
static int parse_at(const char *line, size_t len, size_t at, struct fw_frame *f) {
  size_t p = at + strlen(FW_MARKER);
  size_t t0 = p;
  while (p < len && is_type_char(line[p])) p++;
  size_t tlen = p - t0;
  if (tlen < 2 || tlen > 8 || p >= len || line[p] != ' ') return -2;
  memcpy(f->type, line + t0, tlen);
  f->type[tlen] = 0;
  p++;
  size_t l0 = p;
  size_t plen = 0;
  while (p < len && line[p] >= '0' && line[p] <= '9' && p - l0 < 6) plen = plen * 10 + (size_t)(line[p++] - '0');
  if (p == l0 || p - l0 > 5 || (line[l0] == '0' && p - l0 > 1) || p >= len || line[p] != ' ') return -2;
  if (plen > FW_MAX_PAYLOAD) return -2;
  size_t ps = p + 1;
  size_t pe = ps + plen;
  if (len != pe + 9 || line[pe] != ' ') return -2;
  uint32_t want = 0;
  for (size_t i = pe + 1; i < len; i++) {
    if (!is_hex(line[i])) return -2;
    want = (want << 4) | (uint32_t)(line[i] <= '9' ? line[i] - '0' : line[i] - 'a' + 10);
  }
  if (fw_crc32(line + at, pe + 1 - at) != want) return -2;
  memcpy(f->storage, line + ps, plen);
  f->storage[plen] = 0;
  f->nfields = 0;
  if (plen == 0) return 0;
  char *s = f->storage;
  for (;;) {
    char *sp = strchr(s, ' ');
    if (sp) *sp = 0;
    char *eq = strchr(s, '=');
    if (!eq || eq == s || f->nfields >= FW_MAX_FIELDS) return -2;
    *eq = 0;
    if (!(s[0] >= 'a' && s[0] <= 'z')) return -2;
    for (char *v = eq + 1; *v; v++)
      if (!is_value_char(*v)) return -2;
    if (eq[1] == 0) return -2;
    f->key[f->nfields] = s;
    f->val[f->nfields] = eq + 1;
    f->nfields++;
    if (!sp) break;
    s = sp + 1;
  }
  return 0;
}

int fw_decode(const char *line, size_t len, struct fw_frame *f) {
  if (len && line[len - 1] == '\r') len--;
  size_t mlen = strlen(FW_MARKER);
  int found = 0;
  for (size_t at = 0; at + mlen <= len; at++) {
    if (memcmp(line + at, FW_MARKER, mlen) != 0) continue;
    found = 1;
    if (parse_at(line, len, at, f) == 0) return 0;
  }
  return found ? -2 : -1;
}

const char *fw_get(const struct fw_frame *f, const char *key) {
  for (int i = 0; i < f->nfields; i++)
    if (strcmp(f->key[i], key) == 0) return f->val[i];
  return NULL;
}

int fw_get_u64(const struct fw_frame *f, const char *key, uint64_t *out) {
  const char *v = fw_get(f, key);
  if (!v || !*v) return -1;
  uint64_t n = 0;
  for (const char *p = v; *p; p++) {
    if (*p < '0' || *p > '9' || p - v > 18) return -1;
    n = n * 10 + (uint64_t)(*p - '0');
  }
  *out = n;
  return 0;
}
