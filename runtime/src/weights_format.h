/* weights_format.h — the layout of a <model>.weights file.
 *
 * Shared by the runtime (which reads it) and kilnc (which writes it), so the
 * two can never disagree. All integers and floats are little-endian.
 *
 *   offset 0   char[8]  magic "KILNWGT1"
 *   offset 8   uint32   format version (1)
 *   offset 12  uint32   number of tensors
 *   offset 16  uint64   file size in bytes
 *   offset 24  uint64   fingerprint (FNV-1a 64 of every tensor's shape and
 *                       data, in order), also compiled into the model
 *   offset 32  ...      zero up to KILN_WEIGHTS_ALIGNMENT
 *   then each tensor's float32 data, starting at a multiple of
 *   KILN_WEIGHTS_ALIGNMENT; the model's header lists every offset.
 */
#ifndef KILN_WEIGHTS_FORMAT_H
#define KILN_WEIGHTS_FORMAT_H

#define KILN_WEIGHTS_MAGIC "KILNWGT1"
#define KILN_WEIGHTS_MAGIC_SIZE 8
#define KILN_WEIGHTS_VERSION 1u
#define KILN_WEIGHTS_ALIGNMENT 64u /* = KILN_ALIGNMENT */
#define KILN_WEIGHTS_HEADER_SIZE KILN_WEIGHTS_ALIGNMENT

#endif /* KILN_WEIGHTS_FORMAT_H */
