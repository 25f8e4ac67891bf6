/* weights.h — a model's weights image, read and checked (weights.c). */
#ifndef KILN_RUNTIME_WEIGHTS_H
#define KILN_RUNTIME_WEIGHTS_H

#include "kiln/runtime.h"

#include <stddef.h>

/* Memory for a weights image of `size` bytes, KILN_WEIGHTS_ALIGNMENT-aligned
 * (on 2 MiB boundaries, offered huge pages, where large): freed with
 * free(). */
unsigned char *kiln_internal_alloc_weights(size_t size);

/* Reads the weights file at `path` into `*image` (freed with free()),
 * checked against the model: format, layout, size and checksum. `what`
 * names it in messages ("'path'"). */
kiln_status kiln_internal_read_weights_file(const kiln_model_info *info,
                                            const char *path, const char *what,
                                            unsigned char **image);

/* Checks a weights image in the caller's memory, `size` bytes (a whole
 * .weights file), against the model. */
kiln_status kiln_internal_check_weights_image(const kiln_model_info *info,
                                              const unsigned char *image,
                                              size_t size);

#endif
