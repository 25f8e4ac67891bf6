/* weights_load_fuzzer.c — libFuzzer harness: the runtime's weights loader.
 *
 * Bytes in, as a whole weights image: kiln_model_load_from_memory checks
 * the header against a small model's (compiled by fuzz/run.sh from
 * test/bad-input's network) and the data's checksum, and loads it; a
 * loaded model is run once. Built by fuzz/run.sh with the runtime's
 * sources under the sanitizers. */
#include "small.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kiln_model *model = NULL;
  if (kiln_model_load_from_memory(small_info(), data, size, &model) != KILN_OK)
    return 0;
  static float input[SMALL_INPUT_COUNT], output[SMALL_OUTPUT_COUNT];
  (void)small_run(model, input, SMALL_INPUT_COUNT, output, SMALL_OUTPUT_COUNT);
  kiln_model_free(model);
  return 0;
}
