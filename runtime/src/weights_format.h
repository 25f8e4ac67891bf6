/* weights_format.h — the layout of a <model>.weights file.
 *
 * Shared by the runtime (which reads it) and kilnc (which writes it), so the
 * two can never disagree. All integers and floats are little-endian.
 *
 *   offset 0   char[8]  magic "KILNWGT1"
 *   offset 8   uint32   format version (2)
 *   offset 12  uint32   number of tensors
 *   offset 16  uint64   file size in bytes
 *   offset 24  uint64   layout fingerprint: FNV-1a 64 of every tensor's
 *                       shapes, stored layout and offset (not its values),
 *                       also compiled into the model. Weights of a
 *                       retrained network of the same architecture, written
 *                       by kilnc with the same flags, have the same one.
 *   offset 32  uint64   checksum of the data (kiln_weights_checksum below,
 *                       over every byte after the header), recomputed at
 *                       load: a damaged file is refused
 *   offset 40  ...      zero up to KILN_WEIGHTS_ALIGNMENT
 *   then each tensor's float32 data, starting at a multiple of
 *   KILN_WEIGHTS_ALIGNMENT, zeros between tensors; the model's header lists
 *   every offset.
 */
#ifndef KILN_WEIGHTS_FORMAT_H
#define KILN_WEIGHTS_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define KILN_WEIGHTS_MAGIC "KILNWGT1"
#define KILN_WEIGHTS_MAGIC_SIZE 8
#define KILN_WEIGHTS_VERSION 2u
#define KILN_WEIGHTS_ALIGNMENT 64u /* = KILN_ALIGNMENT */
#define KILN_WEIGHTS_HEADER_SIZE KILN_WEIGHTS_ALIGNMENT

/* The checksum: FNV-1a 64 over the data's 32-bit words, word i into lane
 * i % 4 (four independent multiply chains, so that checking a few hundred
 * MiB at load runs at memory speed), the lanes then hashed together. The
 * data is a whole number of words: floats and zero padding. */
typedef struct kiln_weights_checksum_state {
  uint64_t lanes[4];
  uint64_t words; /* words added so far */
} kiln_weights_checksum_state;

#define KILN_FNV_OFFSET 0xcbf29ce484222325ULL
#define KILN_FNV_PRIME 0x100000001b3ULL

static inline void kiln_weights_checksum_init(kiln_weights_checksum_state *s) {
  for (int i = 0; i < 4; ++i)
    s->lanes[i] = KILN_FNV_OFFSET + (uint64_t)i;
  s->words = 0;
}

/* Adds word `index` (of the whole data) at `p` to its lane. */
static inline void kiln_weights_checksum_word(kiln_weights_checksum_state *s,
                                              const unsigned char *p,
                                              uint64_t index) {
  uint32_t w;
  memcpy(&w, p, 4);
  uint64_t *lane = &s->lanes[index % 4];
  *lane = (*lane ^ w) * KILN_FNV_PRIME;
}

/* Adds `count` little-endian 32-bit words (a little-endian host). */
static inline void kiln_weights_checksum_add(kiln_weights_checksum_state *s,
                                             const void *data, size_t count) {
  const unsigned char *p = (const unsigned char *)data;
  size_t i = 0;
  /* Until the next word lands in lane 0, then four at a time. */
  for (; i < count && (s->words + i) % 4 != 0; ++i)
    kiln_weights_checksum_word(s, p + 4 * i, s->words + i);
  /* The lanes in locals: through `s` the compiler must assume the data
   * may alias them, and stores and reloads them every word (1.1 GB/s on a
   * Xeon, against 4.6 GB/s). */
  uint64_t l0 = s->lanes[0], l1 = s->lanes[1], l2 = s->lanes[2],
           l3 = s->lanes[3];
  for (; i + 4 <= count; i += 4) {
    uint32_t w[4];
    memcpy(w, p + 4 * i, 16);
    l0 = (l0 ^ w[0]) * KILN_FNV_PRIME;
    l1 = (l1 ^ w[1]) * KILN_FNV_PRIME;
    l2 = (l2 ^ w[2]) * KILN_FNV_PRIME;
    l3 = (l3 ^ w[3]) * KILN_FNV_PRIME;
  }
  s->lanes[0] = l0;
  s->lanes[1] = l1;
  s->lanes[2] = l2;
  s->lanes[3] = l3;
  for (; i < count; ++i)
    kiln_weights_checksum_word(s, p + 4 * i, s->words + i);
  s->words += count;
}

static inline uint64_t
kiln_weights_checksum_final(const kiln_weights_checksum_state *s) {
  uint64_t hash = KILN_FNV_OFFSET;
  for (int i = 0; i < 4; ++i)
    for (int b = 0; b < 8; ++b)
      hash = (hash ^ ((s->lanes[i] >> (8 * b)) & 0xff)) * KILN_FNV_PRIME;
  return hash;
}

#endif /* KILN_WEIGHTS_FORMAT_H */
