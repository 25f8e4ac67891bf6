/* peak_flops.c — the machine's FP32 peak, measured: independent FMA chains.
 *
 * Each thread keeps CHAINS vector accumulators and multiply-adds into every
 * one of them in turn; the chains do not depend on one another, so the loop
 * is bound by the FMA units' throughput, not their latency (CHAINS = 16
 * covers a 4-cycle latency on two FMA ports with room to spare). Uses
 * AVX-512 (16 floats per FMA) when compiled with it, else AVX2 + FMA (8).
 * Build with `cc -O3 -march=native -pthread peak_flops.c -o peak_flops`.
 *
 *   peak_flops [THREADS...]     (default: 1 2)
 * prints, per thread count, "peak THREADS threads: G GFLOP/s (ISA; W by the
 * wall clock)", the best of several repetitions. G counts each thread's
 * FLOPs over the CPU time it got (CLOCK_THREAD_CPUTIME_ID), so that other
 * processes taking turns on the cores do not lower the machine's peak (with
 * more threads than online CPUs, the threads are taken to share them); W is
 * the same over wall time, the right number on an idle machine. Not a test:
 * it asserts nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define ISA "avx512"
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#elif defined(__AVX2__) && defined(__FMA__)
typedef __m256 vec;
#define LANES 8
#define ISA "avx2"
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#else
#error "peak_flops needs AVX2 with FMA or AVX-512 (build with -march=native)"
#endif

#define CHAINS 16
#define MAX_THREADS 256

static long iterations = 20 * 1000 * 1000;

static double now_s(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

struct chain_result {
  float value; /* written out so that the compiler cannot drop the loop */
  double cpu_seconds;
};

static void *fma_chains(void *arg) {
  struct chain_result *result = arg;
  double start = now_s(CLOCK_THREAD_CPUTIME_ID);
  vec acc[CHAINS];
  for (int c = 0; c < CHAINS; ++c)
    acc[c] = SET1(1.0f + c * 1e-3f);
  const vec a = SET1(0.999999f), b = SET1(1e-7f);
  for (long i = 0; i < iterations; ++i)
    for (int c = 0; c < CHAINS; ++c)
      acc[c] = FMA(acc[c], a, b);
  vec sum = acc[0];
  for (int c = 1; c < CHAINS; ++c)
    sum = ADD(sum, acc[c]);
  float lanes[LANES];
  STORE(lanes, sum);
  result->value = lanes[0];
  result->cpu_seconds = now_s(CLOCK_THREAD_CPUTIME_ID) - start;
  return NULL;
}

/* GFLOP/s of THREADS threads running the chains at once: *cpu over each
 * thread's CPU time, added up; the result over the wall time. */
static double measure(int threads, double *cpu) {
  pthread_t ids[MAX_THREADS];
  struct chain_result results[MAX_THREADS];
  double start = now_s(CLOCK_MONOTONIC);
  for (int t = 0; t < threads; ++t)
    if (pthread_create(&ids[t], NULL, fma_chains, &results[t]) != 0)
      return -1;
  for (int t = 0; t < threads; ++t)
    pthread_join(ids[t], NULL);
  double seconds = now_s(CLOCK_MONOTONIC) - start;
  double flops_per_thread = 2.0 * LANES * CHAINS * (double)iterations;
  *cpu = 0;
  for (int t = 0; t < threads; ++t)
    *cpu += flops_per_thread / results[t].cpu_seconds / 1e9;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus > 0 && cpus < threads)
    *cpu *= (double)cpus / threads;
  return flops_per_thread * threads / seconds / 1e9;
}

int main(int argc, char **argv) {
  int counts[MAX_THREADS] = {1, 2}, num = 2;
  if (argc > 1) {
    num = 0;
    for (int i = 1; i < argc && num < MAX_THREADS; ++i) {
      char *end;
      long threads = strtol(argv[i], &end, 10);
      if (*end || threads < 1 || threads > MAX_THREADS) {
        fprintf(stderr, "peak_flops: bad thread count '%s' (1 to %d)\n",
                argv[i], MAX_THREADS);
        return 2;
      }
      counts[num++] = (int)threads;
    }
  }
  for (int i = 0; i < num; ++i) {
    double best = 0, best_wall = 0;
    for (int rep = 0; rep < 5; ++rep) {
      double cpu, wall = measure(counts[i], &cpu);
      if (wall < 0) {
        fprintf(stderr, "peak_flops: cannot start %d threads\n", counts[i]);
        return 1;
      }
      best = cpu > best ? cpu : best;
      best_wall = wall > best_wall ? wall : best_wall;
    }
    printf("peak %d threads: %.1f GFLOP/s (%s; %.1f by the wall clock)\n",
           counts[i], best, ISA, best_wall);
  }
  return 0;
}
