/* device.c — where a GPU model's buffers live.
 *
 * Halide's pipeline copies an input to the device only when the buffer says
 * its host memory is newer (host_dirty), allocates device memory for what it
 * lacks, and leaves its outputs on the device (device_dirty). The runtime
 * does the rest: weights are uploaded once, at load, and then passed with
 * their device memory on every run, so only inputs and outputs cross the bus.
 * Every function here is also safe on a buffer without device memory, which
 * makes them no-ops for CPU models' buffers.
 */
#include "device.h"

int kiln_device_upload(void *user_context,
                       const struct halide_device_interface_t *device,
                       halide_buffer_t *buffers, int32_t count) {
  kiln_device_mark_host_newer(buffers, count);
  for (int32_t i = 0; i < count; ++i) {
    int code = halide_copy_to_device(user_context, &buffers[i], device);
    if (code != 0) {
      kiln_device_release(user_context, buffers, i + 1);
      return code;
    }
  }
  return 0;
}

void kiln_device_mark_host_newer(halide_buffer_t *buffers, int32_t count) {
  for (int32_t i = 0; i < count; ++i)
    buffers[i].flags |= halide_buffer_flag_host_dirty;
}

int kiln_device_download(void *user_context, halide_buffer_t *buffers,
                         int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    int code = halide_copy_to_host(user_context, &buffers[i]);
    if (code != 0)
      return code;
  }
  return 0;
}

void kiln_device_release(void *user_context, halide_buffer_t *buffers,
                         int32_t count) {
  for (int32_t i = 0; i < count; ++i)
    (void)halide_device_free(user_context, &buffers[i]); /* best effort */
}
