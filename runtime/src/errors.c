/* errors.c — the runtime's per-thread error message, for kiln_last_error.
 *
 * Each thread keeps the message of its own last failure, so that concurrent
 * runs on different threads never see each other's errors. */
#include "errors.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[KILN_MESSAGE_SIZE];

const char *kiln_last_error(void) { return last_error; }

char *kiln_internal_error_buffer(void) { return last_error; }

kiln_status kiln_internal_fail(kiln_status status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(last_error, sizeof last_error, format, args);
  va_end(args);
  return status;
}
