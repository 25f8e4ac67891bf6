/* peak_flops.c — the machine's FP32 peak, measured: independent FMA chains.
 *
 * Each thread keeps CHAINS vector accumulators and multiply-adds into every
 * one of them in turn; the chains do not depend on one another, so the loop
 * is bound by the FMA units' throughput, not their latency. Uses AVX-512 (16
 * floats per FMA, 32 zmm registers) when compiled with it, else AVX2 + FMA
 * (8 floats, 16 ymm registers). CHAINS is set per ISA so that the
 * accumulators and the two constants all stay in registers: a chain that
 * spills to the stack adds a store and a load to every FMA of it, and the
 * loop then measures the load/store ports (16 chains on AVX2 spilled two
 * and reported ~1.75x less than the peak). Both counts cover a 4-5 cycle
 * FMA latency on two FMA ports (8-10 chains) with room to spare. Check with
 * `cc -O3 -march=native -S peak_flops.c` that fma_chains' loop is
 * CHAINS vfmadd on registers and no (%rsp) operand; -DCHAINS=N overrides.
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
#define REGISTERS 32
#ifndef CHAINS
#define CHAINS 24 /* + 2 constants of 32 registers */
#endif
#elif defined(__AVX2__) && defined(__FMA__)
typedef __m256 vec;
#define LANES 8
#define ISA "avx2"
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#define REGISTERS 16
#ifndef CHAINS
#define CHAINS 12 /* + 2 constants of 16 registers */
#endif
#else
#error "peak_flops needs AVX2 with FMA or AVX-512 (build with -march=native)"
#endif

#if CHAINS < 1 || CHAINS + 2 > REGISTERS
#error "CHAINS accumulators and 2 constants must fit the vector registers"
#endif
#define MAX_THREADS 256
#define PRAGMA(text) _Pragma(#text)
#define UNROLL(n) PRAGMA(GCC unroll n)
#define UNROLL_CHAINS UNROLL(CHAINS)

/* The same number of FMAs per thread whatever CHAINS is (~0.1 s per thread
 * at one 512-bit FMA a cycle and 3 GHz). */
static const long iterations = 320L * 1000 * 1000 / CHAINS;

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
  /* Every loop over the chains is unrolled completely, so that acc[] is
   * CHAINS registers: GCC 12 unrolls at most 16 iterations by itself and
   * otherwise keeps acc[] in memory and swaps the two loops of the FMAs,
   * which makes each a latency-bound chain through the stack. */
  vec acc[CHAINS];
  UNROLL_CHAINS
  for (int c = 0; c < CHAINS; ++c)
    acc[c] = SET1(1.0f + c * 1e-3f);
  const vec a = SET1(0.999999f), b = SET1(1e-7f);
  for (long i = 0; i < iterations; ++i) {
    UNROLL_CHAINS
    for (int c = 0; c < CHAINS; ++c)
      acc[c] = FMA(acc[c], a, b);
  }
  vec sum = acc[0];
  UNROLL_CHAINS
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
