/* Framing of the board link (see ../../protocol.md): one line per frame,
 *   "@fw1 <type> <len> <payload> <crc8>\n"
 * CRC-32 (ISO-HDLC, as zlib) over everything from '@' through the space before the CRC. */
#ifndef FW_FRAME_H
#define FW_FRAME_H
#include <stddef.h>
#include <stdint.h>

#define FW_MARKER "@fw1 "
#define FW_MAX_PAYLOAD 8192
#define FW_MAX_LINE 16384
#define FW_MAX_FIELDS 32

uint32_t fw_crc32(const void *data, size_t len);

/* Encodes a frame into out (capacity cap). Returns its length, or -1 if it does not fit or the
 * payload is too long. */
int fw_encode(char *out, size_t cap, const char *type, const char *payload);

struct fw_frame {
  char type[16];
  int nfields;
  const char *key[FW_MAX_FIELDS];
  const char *val[FW_MAX_FIELDS];
  char storage[FW_MAX_PAYLOAD + 1];
};

/* Decodes one line (without '\n'); the frame may start after console text. Returns 0 on success,
 * -1 when the line holds no frame, -2 when it holds a marker but no valid frame. */
int fw_decode(const char *line, size_t len, struct fw_frame *f);

/* Field lookup; NULL when absent. */
const char *fw_get(const struct fw_frame *f, const char *key);
/* Unsigned field; returns 0 and sets *out on success, -1 when absent or malformed. */
int fw_get_u64(const struct fw_frame *f, const char *key, uint64_t *out);

#endif
