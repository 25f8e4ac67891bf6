/* kiln_runner.c — the program kiln-run builds around a compiled model.
 *
 * kiln-run compiles a model ahead of time exactly as users do, then links it
 * into this program with the system C compiler and runs it, so what it
 * measures and checks is the library users get, not an in-process JIT. The
 * program knows nothing about file formats: kiln-run converts .npy and .pb
 * files to raw values (float32, or an input's uint8) and back.
 *
 * Build with `-include <model>.h -DKILN_MODEL_INFO=<model>_info`, link with
 * <model>.a, libkiln_runtime.a, -lpthread -ldl -lm; define _POSIX_C_SOURCE
 * (200809L) on the command line for clock_gettime, since the -include
 * brings in system headers before this file starts.
 *
 *   kiln_runner info
 *       prints one line per input, then per output:
 *       "input|output TYPE RANK D0 .. D(RANK-1) NAMELENGTH NAME" (TYPE is
 *       float32 or uint8, NAME raw bytes)
 *   kiln_runner run WEIGHTS INPUTS.bin OUTPUTS.bin BENCHMARK_RUNS [THREADS]
 *       WEIGHTS is the weights file, or "-" for the weights in the library
 *       (kilnc --embed-weights; build with
 * -DKILN_MODEL_WEIGHTS=<model>_weights). INPUTS.bin holds every input in order,
 * each of its TYPE; OUTPUTS.bin gets every output in order, as float32. THREADS
 * goes to kiln_set_num_threads (0, the default, leaves KILN_NUM_THREADS and
 * Halide's default in charge). With BENCHMARK_RUNS > 0, runs the model once
 * more to warm up, then that many times, and prints the median time of the run
 * alone and the thread count.
 */
#include <kiln/runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "%s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  return 1;
}

static void print_tensor(const char *kind, const kiln_tensor_info *tensor) {
  printf("%s %s %d", kind, tensor->type == KILN_UINT8 ? "uint8" : "float32",
         (int)tensor->rank);
  for (int d = 0; d < tensor->rank; ++d)
    printf(" %lld", (long long)tensor->shape[d]);
  printf(" %zu %s\n", strlen(tensor->name), tensor->name);
}

static int info(const kiln_model_info *model) {
  for (int i = 0; i < model->num_inputs; ++i)
    print_tensor("input", &model->inputs[i]);
  for (int i = 0; i < model->num_outputs; ++i)
    print_tensor("output", &model->outputs[i]);
  return fflush(stdout) == 0 ? 0 : 1;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The peak resident set of this program alone. Linux's ru_maxrss is no
 * good here: it keeps the high-water mark of the process image exec replaced,
 * so a runner started by a big parent (kiln-run holding the model it just
 * compiled) would report the parent's peak. VmHWM belongs to the address
 * space exec created. Returns -1 if neither source is readable. */
static long peak_resident_kib(void) {
  FILE *status = fopen("/proc/self/status", "r");
  if (status) {
    char line[256];
    long kib = -1;
    while (kib < 0 && fgets(line, sizeof line, status))
      if (sscanf(line, "VmHWM: %ld kB", &kib) != 1)
        kib = -1;
    fclose(status);
    if (kib >= 0)
      return kib;
  }
  struct rusage usage;
  return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : -1;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Allocates one buffer per tensor, KILN_ALIGNMENT-aligned as runtime.h
 * advises (a misaligned tensor is copied each run); the counts go to
 * counts[]. */
static void **alloc_tensors(int num, const kiln_tensor_info *tensors,
                            size_t *counts) {
  void **buffers = calloc(num ? num : 1, sizeof(void *));
  for (int i = 0; buffers && i < num; ++i) {
    counts[i] = kiln_tensor_count(&tensors[i]);
    size_t bytes = counts[i] * kiln_element_size(tensors[i].type);
    size_t padded = (bytes / KILN_ALIGNMENT + 1) * KILN_ALIGNMENT; /* never 0 */
    buffers[i] = aligned_alloc(KILN_ALIGNMENT, padded);
    if (!buffers[i])
      return NULL;
  }
  return buffers;
}

static int run(const kiln_model_info *info, const char *weights,
               const char *input_path, const char *output_path, long runs,
               int threads) {
  size_t *input_counts = calloc(info->num_inputs + 1, sizeof(size_t));
  size_t *output_counts = calloc(info->num_outputs + 1, sizeof(size_t));
  void **inputs =
      input_counts ? alloc_tensors(info->num_inputs, info->inputs, input_counts)
                   : NULL;
  float **outputs = output_counts
                        ? (float **)alloc_tensors(info->num_outputs,
                                                  info->outputs, output_counts)
                        : NULL;
  double *times = calloc(runs > 0 ? runs : 1, sizeof(double));
  if (!inputs || !outputs || !times)
    return fail("out of memory", NULL);

  FILE *in = fopen(input_path, "rb");
  if (!in)
    return fail("cannot open the inputs", input_path);
  for (int i = 0; i < info->num_inputs; ++i)
    if (fread(inputs[i], kiln_element_size(info->inputs[i].type),
              input_counts[i], in) != input_counts[i])
      return fail("the inputs file is too short", input_path);
  if (fgetc(in) != EOF)
    return fail("the inputs file is too long", input_path);
  fclose(in);

  if (kiln_set_num_threads(threads) != KILN_OK)
    return fail("bad thread count", kiln_last_error());
  kiln_model *model;
  kiln_status loaded;
#ifdef KILN_MODEL_WEIGHTS
  if (strcmp(weights, "-") == 0)
    loaded = kiln_model_load_from_memory(info, KILN_MODEL_WEIGHTS,
                                         info->weights_file_size, &model);
  else
#endif
    loaded = kiln_model_load(info, weights, &model);
  if (loaded != KILN_OK)
    return fail(kiln_status_name(loaded), kiln_last_error());
  for (long r = -1; r < runs; ++r) { /* run -1: the result, and the warm-up */
    double start = now_ms();
    kiln_status status =
        kiln_model_run_typed(model, (const void *const *)inputs, input_counts,
                             outputs, output_counts);
    double end = now_ms();
    if (status != KILN_OK)
      return fail(kiln_status_name(status), kiln_last_error());
    if (r >= 0)
      times[r] = end - start;
  }
  kiln_model_free(model);

  FILE *out = fopen(output_path, "wb");
  if (!out)
    return fail("cannot create the outputs", output_path);
  for (int i = 0; i < info->num_outputs; ++i)
    if (fwrite(outputs[i], sizeof(float), output_counts[i], out) !=
        output_counts[i])
      return fail("cannot write the outputs", output_path);
  if (fclose(out) != 0)
    return fail("cannot write the outputs", output_path);

  if (runs > 0) {
    qsort(times, runs, sizeof(double), compare_doubles);
    double median = runs % 2 ? times[runs / 2]
                             : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    printf("median latency: %.3f ms over %ld runs\n", median, runs);
    /* The whole process: weights, inputs, outputs and the pipeline's own
     * buffers. */
    long peak_kib = peak_resident_kib();
    if (peak_kib >= 0)
      printf("peak memory: %.1f MiB\n", peak_kib / 1024.0);
    int used;
    if (kiln_get_num_threads(&used) == KILN_OK)
      printf("threads: %d\n", used);
  }
  return 0;
}

int main(int argc, char **argv) {
  const kiln_model_info *model = KILN_MODEL_INFO();
  if (argc == 2 && strcmp(argv[1], "info") == 0)
    return info(model);
  if ((argc == 6 || argc == 7) && strcmp(argv[1], "run") == 0) {
    char *end;
    long runs = strtol(argv[5], &end, 10);
    if (*end || runs < 0)
      return fail("bad run count", argv[5]);
    long threads = argc == 7 ? strtol(argv[6], &end, 10) : 0;
    if (*end || threads != (int)threads) /* the runtime checks the range */
      return fail("bad thread count", argv[6]);
    return run(model, argv[2], argv[3], argv[4], runs, (int)threads);
  }
  fprintf(stderr,
          "usage: %s info\n"
          "       %s run WEIGHTS INPUTS.bin OUTPUTS.bin BENCHMARK_RUNS "
          "[THREADS]\n",
          argv[0], argv[0]);
  return 2;
}
