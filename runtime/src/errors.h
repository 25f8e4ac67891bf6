/* errors.h — the runtime's per-thread error message, for kiln_last_error. */
#ifndef KILN_RUNTIME_ERRORS_H
#define KILN_RUNTIME_ERRORS_H

#include "kiln/runtime.h"

#define KILN_MESSAGE_SIZE 512

/* Passed to a pipeline as its user_context, so that an error raised on any
 * of Halide's worker threads reaches the call that caused it (halide_error
 * in runtime.c). */
typedef struct kiln_call {
  char message[KILN_MESSAGE_SIZE];
  const kiln_model *model; /* a model's run: whose weights its parts read */
  /* The model's scratch arena while this run holds it (arena.h), else
   * null: intermediate tensors then come from halide_malloc. */
  struct kiln_arena *arena;
} kiln_call;

/* A call with no message, for `model` (or none) and no arena. */
static inline kiln_call kiln_internal_call(const kiln_model *model) {
  kiln_call call;
  call.message[0] = '\0';
  call.model = model;
  call.arena = 0;
  return call;
}

/* Records a failure for kiln_last_error() and returns `status`. */
kiln_status kiln_internal_fail(kiln_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* The calling thread's message buffer, KILN_MESSAGE_SIZE bytes, for an error
 * that arrives without a call to attribute it to (halide_error). */
char *kiln_internal_error_buffer(void);

#endif /* KILN_RUNTIME_ERRORS_H */
