/* device_weights.c — the runtime's bookkeeping for a GPU model, without a
 * GPU: the device calls a GPU model makes (Halide's halide_copy_to_device,
 * halide_copy_to_host, halide_device_free) are replaced by counting stand-ins
 * (strong definitions win over the weak ones in the model's .a), and a CPU
 * build of LeNet-5 is given a device interface. What the runtime does on a
 * real GPU is the same sequence of calls.
 *
 * usage: device_weights WEIGHTS [FAIL_AT]  (fail the FAIL_AT-th upload)
 */
#include "lenet5.h"

#include <HalideRuntime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int uploads, downloads, frees, unmarked, fail_at;
static const int fake_interface_storage = 0;

static const struct halide_device_interface_t *fake_interface(void) {
  return (const struct halide_device_interface_t *)&fake_interface_storage;
}

int halide_reuse_device_allocations(void *user_context, bool reuse) {
  (void)user_context;
  (void)reuse;
  return 0;
}

int halide_copy_to_device(void *user_context, struct halide_buffer_t *buf,
                          const struct halide_device_interface_t *device) {
  if (++uploads == fail_at) {
    halide_error(user_context, "stand-in: out of device memory\n");
    return -1;
  }
  if (!(buf->flags & halide_buffer_flag_host_dirty))
    ++unmarked; /* a real copy would have been skipped */
  buf->device = (uint64_t)uploads;
  buf->device_interface = device;
  buf->flags &= ~(uint64_t)halide_buffer_flag_host_dirty;
  return 0;
}

int halide_copy_to_host(void *user_context, struct halide_buffer_t *buf) {
  (void)user_context;
  (void)buf;
  ++downloads;
  return 0;
}

int halide_device_free(void *user_context, struct halide_buffer_t *buf) {
  (void)user_context;
  if (buf->device)
    ++frees;
  buf->device = 0;
  buf->device_interface = NULL;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  fail_at = argc > 2 ? atoi(argv[2]) : 0;
  kiln_model_info gpu = *lenet5_info();
  gpu.device_interface = fake_interface;

  kiln_model *model = (kiln_model *)1;
  kiln_status status = kiln_model_load(&gpu, argv[1], &model);
  printf("load: %s %s\n", kiln_status_name(status),
         status == KILN_OK ? "" : kiln_last_error());
  printf("after load: %d uploads of %d weights, %d frees, model %s\n",
         uploads, gpu.num_weights, frees, model ? "set" : "null");
  if (status != KILN_OK)
    return 0;

  float input[LENET5_INPUT_COUNT], output[LENET5_OUTPUT_COUNT];
  for (int i = 0; i < LENET5_INPUT_COUNT; ++i)
    input[i] = (float)((i * 37) % 101) / 101.0f;
  for (int run = 0; run < 3; ++run)
    if (lenet5_run(model, input, LENET5_INPUT_COUNT, output,
                   LENET5_OUTPUT_COUNT) != KILN_OK)
      printf("run: %s\n", kiln_last_error());
  printf("after 3 runs: %d uploads, %d downloads, %d unmarked\n", uploads,
         downloads, unmarked);
  kiln_model_free(model);
  printf("after free: %d frees\n", frees);

  /* The same model without a device interface computes the same output. */
  kiln_model *cpu;
  float expected[LENET5_OUTPUT_COUNT];
  if (lenet5_load(argv[1], &cpu) != KILN_OK ||
      lenet5_run(cpu, input, LENET5_INPUT_COUNT, expected,
                 LENET5_OUTPUT_COUNT) != KILN_OK)
    return 1;
  printf("outputs %s\n",
         memcmp(output, expected, sizeof output) == 0 ? "identical" : "differ");
  kiln_model_free(cpu);
  return 0;
}
