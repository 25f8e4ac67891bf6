/* run_model.c — runs any compiled model once, through kiln_model_info.
 *
 * Build with `-include <model>.h -DKILN_MODEL_INFO=<model>_info`.
 * usage: run_model WEIGHTS INPUTS.bin OUTPUTS.bin
 * INPUTS.bin holds every input tensor, in order, as float32; OUTPUTS.bin
 * gets every output tensor, in order.
 */
#include <kiln/runtime.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s WEIGHTS INPUTS.bin OUTPUTS.bin\n", argv[0]);
    return 2;
  }
  const kiln_model_info *info = KILN_MODEL_INFO();
  kiln_model *model;
  if (kiln_model_load(info, argv[1], &model) != KILN_OK) {
    fprintf(stderr, "load: %s\n", kiln_last_error());
    return 1;
  }
  const float *inputs[8];
  float *outputs[8];
  size_t input_counts[8], output_counts[8];
  if (info->num_inputs > 8 || info->num_outputs > 8)
    return 1;

  FILE *in = fopen(argv[2], "rb");
  if (!in)
    return 1;
  for (int i = 0; i < info->num_inputs; ++i) {
    input_counts[i] = kiln_tensor_count(&info->inputs[i]);
    float *data = malloc(input_counts[i] * sizeof(float));
    if (!data || fread(data, sizeof(float), input_counts[i], in) !=
                     input_counts[i]) {
      fprintf(stderr, "input %d: short file\n", i);
      return 1;
    }
    inputs[i] = data;
  }
  fclose(in);
  for (int i = 0; i < info->num_outputs; ++i) {
    output_counts[i] = kiln_tensor_count(&info->outputs[i]);
    outputs[i] = malloc(output_counts[i] * sizeof(float));
  }

  if (kiln_model_run(model, inputs, input_counts, outputs, output_counts) !=
      KILN_OK) {
    fprintf(stderr, "run: %s\n", kiln_last_error());
    return 1;
  }
  FILE *out = fopen(argv[3], "wb");
  for (int i = 0; i < info->num_outputs; ++i) {
    fwrite(outputs[i], sizeof(float), output_counts[i], out);
    printf("output '%s': %zu values\n", info->outputs[i].name,
           output_counts[i]);
  }
  fclose(out);
  kiln_model_free(model);
  return 0;
}
