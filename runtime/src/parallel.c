/* parallel.c — the pool that runs Halide's parallel loops during a run.
 *
 * A network at batch 1 runs a few hundred parallel loops per inference (one
 * or more per layer), many of them a few tens of microseconds long. Halide
 * 14's own pool puts an idle worker to sleep on a condition variable as soon
 * as it finds no work, so nearly every loop starts by waking the workers,
 * which on a virtual machine takes a sizeable part of a short loop. Here an
 * idle worker spins for a while (kSpinNanoseconds) before it sleeps, as
 * onnxruntime's and OpenMP's pools do, so that the next layer's loop finds
 * it awake: on 2 threads of a 2-core AVX-512 Xeon, GoogLeNet took 0.95x and
 * MobileNetV2 0.96x the time of Halide's pool.
 *
 * Each thread first runs its own contiguous share of a loop's iterations
 * (thread k of n: the k-th n-th, in order), then helps with the others'
 * shares. Consecutive layers split their rows (or tiles) alike, so a thread
 * mostly reads what it wrote itself a loop earlier, still in its own L2;
 * iterations claimed from one shared counter landed on either core, and a
 * copy or a Winograd transform that read the other core's rows ran no
 * faster on two threads than on one. On 2 threads of a 2-core AVX-512
 * Xeon, a chain of four 28x28 Winograd layers took 0.78x the time,
 * ResNet-18 0.89x and ResNet-50 0.93x.
 *
 * The pool runs one loop at a time. A loop that starts while another runs
 * (a second thread running a model, or a loop inside a loop's iteration)
 * goes to Halide's own pool, which handles any nesting. With one thread a
 * loop runs its iterations in order on the caller's thread, as Halide's pool
 * does, so results stay bit-identical from run to run.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "parallel.h"

#include <HalideRuntime.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__) || defined(__arm__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

/* How long an idle worker spins before it sleeps: well over the gap between
 * one layer's loop and the next, short enough that a model run now and then
 * does not keep a core busy for long after it returns. */
static const long kSpinNanoseconds = 200 * 1000;

typedef struct {
  halide_task_t task;
  void *user_context;
  uint8_t *closure;
  int min, size;
} parallel_loop;

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
/* The loop being run: written under the mutex while no worker holds it. */
static parallel_loop current;
static bool current_open;   /* (mutex) whether workers may still join it */
static int sleepers;        /* (mutex) workers waiting on `wake` */
static int workers_started; /* (mutex) */
static atomic_int holders;  /* workers that joined the current loop */
static atomic_uint generation; /* bumped when a loop is published */
/* Threads past this many share the shares. */
enum { kMaxShares = 64 };
/* (set under the mutex while no worker holds a loop) each thread's share of
 * the current loop's iterations, [next, end), on its own cache line. */
static struct {
  _Alignas(64) atomic_int next;
  int end;
} shares[kMaxShares];
static int share_count;
static atomic_int failure; /* the first non-zero result of an iteration */
static atomic_int threads_wanted = 1; /* per loop, the caller's included */
static atomic_flag in_use = ATOMIC_FLAG_INIT;

static long nanoseconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start->tv_sec) * 1000000000L +
         (now.tv_nsec - start->tv_nsec);
}

/* Runs thread `index`'s share of the iterations, then helps with the
 * others' until none is left (or one failed). */
static void run_iterations(const parallel_loop *loop, int index) {
  for (int k = 0; k < share_count; ++k) {
    int s = (index + k) % share_count;
    for (;;) {
      int i =
          atomic_fetch_add_explicit(&shares[s].next, 1, memory_order_relaxed);
      if (i >= shares[s].end ||
          atomic_load_explicit(&failure, memory_order_relaxed) != 0)
        break;
      int result = loop->task(loop->user_context, loop->min + i, loop->closure);
      if (result != 0) {
        int none = 0;
        atomic_compare_exchange_strong(&failure, &none, result);
      }
    }
  }
}

/* Waits until a loop after `seen` is published: spinning first, then
 * sleeping. Returns the generation found. */
static unsigned wait_for_loop(unsigned seen) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (unsigned spins = 1;; ++spins) {
    unsigned now = atomic_load_explicit(&generation, memory_order_acquire);
    if (now != seen)
      return now;
    CPU_RELAX();
    if (spins % 256 == 0 && nanoseconds_since(&start) > kSpinNanoseconds)
      break;
  }
  pthread_mutex_lock(&mutex);
  ++sleepers;
  unsigned now;
  while ((now = atomic_load(&generation)) == seen)
    pthread_cond_wait(&wake, &mutex);
  --sleepers;
  pthread_mutex_unlock(&mutex);
  return now;
}

/* Worker `index` (1, 2, ...; the caller is 0) joins every loop that wants
 * more than `index` threads. */
static void *worker(void *arg) {
  int index = (int)(intptr_t)arg;
  /* Any generation but the current one: a worker started for a loop joins
   * it if it is still open. */
  unsigned seen = atomic_load(&generation) - 1;
  for (;;) {
    seen = wait_for_loop(seen);
    parallel_loop loop;
    pthread_mutex_lock(&mutex);
    bool join = current_open && atomic_load(&generation) == seen &&
                index < atomic_load(&threads_wanted);
    if (join) {
      atomic_fetch_add(&holders, 1);
      loop = current;
    }
    pthread_mutex_unlock(&mutex);
    if (!join)
      continue;
    run_iterations(&loop, index);
    atomic_fetch_sub_explicit(&holders, 1, memory_order_release);
  }
  return NULL;
}

/* Starts workers up to `count` (mutex held); a worker that cannot be started
 * leaves its iterations to the others. */
static void start_workers(int count) {
  while (workers_started < count) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attributes, worker,
                                (void *)(intptr_t)(workers_started + 1));
    pthread_attr_destroy(&attributes);
    if (failed)
      return;
    ++workers_started;
  }
}

static int do_par_for(void *user_context, halide_task_t task, int min,
                      int size, uint8_t *closure) {
  int threads = atomic_load(&threads_wanted);
  if (size <= 0)
    return 0;
  if (threads <= 1 || size == 1) {
    for (int i = 0; i < size; ++i) {
      int result = task(user_context, min + i, closure);
      if (result != 0)
        return result;
    }
    return 0;
  }
  if (atomic_flag_test_and_set(&in_use))
    return halide_default_do_par_for(user_context, task, min, size, closure);

  parallel_loop loop = {task, user_context, closure, min, size};
  pthread_mutex_lock(&mutex);
  start_workers(threads - 1);
  current = loop;
  share_count = threads < kMaxShares ? threads : kMaxShares;
  for (int k = 0; k < share_count; ++k) {
    atomic_store(&shares[k].next, (int)((int64_t)size * k / share_count));
    shares[k].end = (int)((int64_t)size * (k + 1) / share_count);
  }
  atomic_store(&failure, 0);
  current_open = true;
  atomic_fetch_add_explicit(&generation, 1, memory_order_release);
  if (sleepers > 0)
    pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&mutex);

  run_iterations(&loop, 0);

  /* No worker joins after this; then wait for those that did. */
  pthread_mutex_lock(&mutex);
  current_open = false;
  pthread_mutex_unlock(&mutex);
  while (atomic_load_explicit(&holders, memory_order_acquire) != 0)
    CPU_RELAX();
  int result = atomic_load(&failure);
  atomic_flag_clear(&in_use);
  return result;
}

void kiln_internal_parallel_use(int threads) {
  atomic_store(&threads_wanted, threads < 1 ? 1 : threads);
  halide_set_custom_do_par_for(do_par_for);
}
