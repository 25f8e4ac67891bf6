/* count_allocations.c — counts the heap allocations of a model's runs.
 *
 *   count_allocations WEIGHTS THREADS RUNS [INPUT.f32 OUTPUT.f32]
 * [--own-scratch]
 *
 * Built with -include <model>.h -DMODEL_INFO=<name>_info
 * -DMODEL_SCRATCH=<NAME>_SCRATCH_BYTES_FOR and linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc,
 * --wrap=posix_memalign: every allocation the model's library, Halide's
 * runtime and Kiln's runtime make goes through the counters below. Loads
 * the model (its scratch from the load, or with --own-scratch from this
 * program through kiln_model_load_with_options), then counts what RUNS runs
 * on THREADS threads allocate, and writes the last run's first output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int counting;
static long allocations;

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void *__real_aligned_alloc(size_t, size_t);
int __real_posix_memalign(void **, size_t, size_t);

void *__wrap_malloc(size_t n) {
  allocations += counting;
  return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m) {
  allocations += counting;
  return __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n) {
  allocations += counting;
  return __real_realloc(p, n);
}
void *__wrap_aligned_alloc(size_t a, size_t n) {
  allocations += counting;
  return __real_aligned_alloc(a, n);
}
int __wrap_posix_memalign(void **p, size_t a, size_t n) {
  allocations += counting;
  return __real_posix_memalign(p, a, n);
}

static void *tensor(const kiln_tensor_info *t) {
  size_t bytes = kiln_tensor_count(t) * kiln_element_size(t->type);
  void *data = aligned_alloc(KILN_ALIGNMENT, (bytes + 63) / 64 * 64);
  if (data)
    memset(data, 0, bytes);
  return data;
}

int main(int argc, char **argv) {
  if (argc < 4)
    return 2;
  const kiln_model_info *info = MODEL_INFO();
  int own = argc > 4 && strcmp(argv[argc - 1], "--own-scratch") == 0;
  const char *input_file = argc - own > 5 ? argv[4] : NULL;
  const char *output_file = argc - own > 5 ? argv[5] : NULL;
  if (kiln_set_num_threads(atoi(argv[2])) != KILN_OK)
    return 2;

  kiln_load_options options = {0};
  options.weights_path = argv[1];
  if (own) {
    options.scratch_size = kiln_model_scratch_size(info, 0);
    options.scratch = malloc(options.scratch_size + 1); /* any alignment */
    options.scratch = (char *)options.scratch + 1;
  }
  kiln_model *model;
  if (kiln_model_load_with_options(info, &options, &model) != KILN_OK) {
    printf("load: %s\n", kiln_last_error());
    return 1;
  }

  const void *inputs[8];
  float *outputs[8];
  size_t input_counts[8], output_counts[8];
  for (int i = 0; i < info->num_inputs && i < 8; ++i) {
    inputs[i] = tensor(&info->inputs[i]);
    input_counts[i] = kiln_tensor_count(&info->inputs[i]);
  }
  for (int i = 0; i < info->num_outputs && i < 8; ++i) {
    outputs[i] = tensor(&info->outputs[i]);
    output_counts[i] = kiln_tensor_count(&info->outputs[i]);
  }
  if (input_file) {
    FILE *f = fopen(input_file, "rb");
    size_t bytes = input_counts[0] * kiln_element_size(info->inputs[0].type);
    if (!f || fread((void *)inputs[0], 1, bytes, f) != bytes)
      return 2;
    fclose(f);
  }

  counting = 1;
  kiln_status status = KILN_OK;
  for (int run = 0; run < atoi(argv[3]) && status == KILN_OK; ++run)
    status = kiln_model_run_typed(model, inputs, input_counts, outputs,
                                  output_counts);
  counting = 0;
  size_t scratch = kiln_model_scratch_size(info, 0);
  /* The header's macro (0 when the model needs no arena) agrees. */
  size_t stated = scratch ? (size_t)MODEL_SCRATCH(atoi(argv[2])) : 0;
  printf("scratch %zu bytes for %s threads (%s); runs: %s; allocations "
         "during runs: %ld\n",
         scratch, argv[2],
         stated == scratch ? "as the header says" : "NOT as the header says",
         kiln_status_name(status), allocations);
  if (output_file) {
    FILE *f = fopen(output_file, "wb");
    if (!f || fwrite(outputs[0], sizeof(float), output_counts[0], f) !=
                  output_counts[0])
      return 2;
    fclose(f);
  }
  kiln_model_free(model);
  return status != KILN_OK;
}
