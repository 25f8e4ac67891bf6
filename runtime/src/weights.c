/* weights.c — a model's weights image: read from its file or taken from
 * the caller's memory, and checked against the model (format, layout,
 * size, checksum) before any run reads it.
 */
#include "weights.h"

#include "errors.h"
#include "weights_format.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

static uint64_t read_u64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

static uint32_t read_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* Checks the header of a weights image (`what` names it in messages:
 * "'path'") against the model. */
static kiln_status check_weights_header(const kiln_model_info *info,
                                        const char *what,
                                        const unsigned char *header) {
  if (memcmp(header, KILN_WEIGHTS_MAGIC, KILN_WEIGHTS_MAGIC_SIZE) != 0)
    return kiln_internal_fail(KILN_ERROR_WEIGHTS,
                              "%s is not a Kiln weights file", what);
  if (read_u32(header + 8) != KILN_WEIGHTS_VERSION)
    return kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "%s has weights format version %u, this runtime reads %u", what,
        read_u32(header + 8), KILN_WEIGHTS_VERSION);
  if (read_u32(header + 12) != (uint32_t)info->num_weights ||
      read_u64(header + 16) != info->weights_file_size ||
      read_u64(header + 24) != info->weights_layout)
    return kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "%s holds weights laid out for another architecture or build, not "
        "for this build of '%s' (%d tensors, %llu bytes): write the weights "
        "with kilnc and the flags this library was compiled with "
        "(--emit=weights for retrained weights)",
        what, info->name, (int)info->num_weights,
        (unsigned long long)info->weights_file_size);
  return KILN_OK;
}

/* Recomputes the checksum of a whole weights image of the model's size. */
static kiln_status check_weights_data(const char *what,
                                      const unsigned char *image, size_t size) {
  kiln_weights_checksum_state checksum;
  kiln_weights_checksum_init(&checksum);
  kiln_weights_checksum_add(&checksum, image + KILN_WEIGHTS_HEADER_SIZE,
                            (size - KILN_WEIGHTS_HEADER_SIZE) / 4);
  if (kiln_weights_checksum_final(&checksum) != read_u64(image + 32))
    return kiln_internal_fail(KILN_ERROR_WEIGHTS,
                              "%s is damaged: its data does not match its "
                              "checksum",
                              what);
  return KILN_OK;
}

/* Memory for a weights file of `size` bytes, KILN_WEIGHTS_ALIGNMENT-aligned.
 * Dense layers read their weights a few vectors per row, rows 16 KiB apart
 * or more, so with 4 KiB pages every row is a TLB miss: on Linux, weights
 * of a few MiB or more are placed on 2 MiB boundaries and offered huge
 * pages (which transparent_hugepage=madvise grants only when asked). */
unsigned char *kiln_internal_alloc_weights(size_t size) {
  size_t alignment = KILN_WEIGHTS_ALIGNMENT;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const size_t huge_page = (size_t)2 << 20;
  if (size >= 4 * huge_page)
    alignment = huge_page;
#endif
  /* Round up: aligned_alloc wants a multiple of the alignment. */
  size_t padded = (size + alignment - 1) / alignment * alignment;
  unsigned char *data = aligned_alloc(alignment, padded);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data && alignment == huge_page)
    (void)madvise(data, padded, MADV_HUGEPAGE); /* advice: may be refused */
#endif
  return data;
}

/* Reads the weights file at `path`, checked, into `*image`. */
kiln_status kiln_internal_read_weights_file(const kiln_model_info *info,
                                            const char *path, const char *what,
                                            unsigned char **image) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return kiln_internal_fail(KILN_ERROR_WEIGHTS,
                              "cannot open weights file '%s': %s", path,
                              strerror(errno));
  kiln_status status = KILN_OK;
  size_t size = (size_t)info->weights_file_size;
  unsigned char *data = kiln_internal_alloc_weights(size);
  if (!data) {
    status = kiln_internal_fail(
        KILN_ERROR_OUT_OF_MEMORY,
        "cannot allocate %zu bytes for the weights of '%s'", size, info->name);
  } else if (size < KILN_WEIGHTS_HEADER_SIZE ||
             fread(data, 1, KILN_WEIGHTS_HEADER_SIZE, file) !=
                 KILN_WEIGHTS_HEADER_SIZE) {
    status = kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "weights file '%s' is too short to be a Kiln weights file", path);
  } else if ((status = check_weights_header(info, what, data)) != KILN_OK) {
    /* the message is set */
  } else if (fread(data + KILN_WEIGHTS_HEADER_SIZE, 1,
                   size - KILN_WEIGHTS_HEADER_SIZE,
                   file) != size - KILN_WEIGHTS_HEADER_SIZE) {
    status = kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "weights file '%s' is truncated: model '%s' needs %zu bytes", path,
        info->name, size);
  } else if (fgetc(file) != EOF) {
    status = kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "weights file '%s' is longer than the %zu bytes model '%s' "
        "needs",
        path, size, info->name);
  } else {
    status = check_weights_data(what, data, size);
  }
  fclose(file);
  if (status != KILN_OK) {
    free(data);
    return status;
  }
  *image = data;
  return KILN_OK;
}

/* Checks a weights image in memory, `size` bytes, against the model. */
kiln_status kiln_internal_check_weights_image(const kiln_model_info *info,
                                              const unsigned char *image,
                                              size_t size) {
  const char *what = "the weights in memory";
  if (!image)
    return kiln_internal_fail(KILN_ERROR_WEIGHTS,
                              "model '%s': the weights pointer is null",
                              info->name);
  if (size != info->weights_file_size)
    return kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "%s hold %zu bytes, model '%s' needs %llu (a whole %s.weights file)",
        what, size, info->name, (unsigned long long)info->weights_file_size,
        info->name);
  kiln_status status = check_weights_header(info, what, image);
  return status == KILN_OK ? check_weights_data(what, image, size) : status;
}
