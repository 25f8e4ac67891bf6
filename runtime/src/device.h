/* device.h — a GPU model's buffers on the device (see device.c). */
#ifndef KILN_RUNTIME_DEVICE_H
#define KILN_RUNTIME_DEVICE_H

#include <HalideRuntime.h>

#include <stdint.h>

/* Copies buffers[0..count) to `device` memory, where they stay until
 * kiln_device_release. On failure releases them all and returns Halide's
 * error code (its message went to halide_error). */
int kiln_device_upload(void *user_context,
                       const struct halide_device_interface_t *device,
                       halide_buffer_t *buffers, int32_t count);

/* Marks host buffers as newer than any device copy, so that the pipeline
 * copies them over. */
void kiln_device_mark_host_newer(halide_buffer_t *buffers, int32_t count);

/* Copies buffers the pipeline left on the device back to their host memory;
 * returns Halide's error code. */
int kiln_device_download(void *user_context, halide_buffer_t *buffers,
                         int32_t count);

/* Frees the device memory of buffers (a no-op for those that have none). */
void kiln_device_release(void *user_context, halide_buffer_t *buffers,
                         int32_t count);

#endif /* KILN_RUNTIME_DEVICE_H */
