/* scratch.c — Halide's allocator, replaced by one that keeps freed blocks.
 *
 * A pipeline allocates its intermediate buffers (a convolution's padded
 * input, Winograd's transformed tiles, ...) at every run and frees them at
 * its end. Blocks of more than 128 KiB come from the C library as fresh
 * mappings, so each run paid a page fault per 4 KiB of scratch: about 15%
 * of ResNet-50's time. Large blocks are therefore kept when freed and
 * handed out again to requests that fit them (the same sizes recur run
 * after run), for as long as a model is loaded; small ones go to the C
 * library, which recycles them itself.
 *
 * Halide's runtime (in the model's .a) defines halide_malloc and halide_free
 * weakly; these definitions win at link time, as runtime.c's halide_error
 * does (runtime.c calls into this file, so the linker always takes it).
 */
#include "scratch.h"

#include "arena.h"

#include <HalideRuntime.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* Halide wants vector alignment and 8 readable bytes either side; the
 * header before each block records its capacity. */
enum { kAlignment = 128, kSlack = 64 };
/* Blocks below this size are not kept. */
static const size_t kKeptMinimum = 16 * 1024;
/* At most this many kept blocks; a run of the classic CNNs frees fewer. */
enum { kMaxKept = 256 };

typedef struct {
  size_t capacity; /* bytes usable after the header */
} block_header;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *kept[kMaxKept]; /* user pointers of free blocks */
static int num_kept = 0;
static int models_loaded = 0;

static block_header *header_of(void *pointer) {
  return (block_header *)((char *)pointer - kAlignment);
}

static void release(void *pointer) { free(header_of(pointer)); }

void *halide_malloc(void *user_context, size_t size) {
  (void)user_context;
  if (size >= kKeptMinimum) {
    /* The smallest kept block that fits, and wastes at most half of it. */
    pthread_mutex_lock(&lock);
    int best = -1;
    for (int i = 0; i < num_kept; ++i) {
      size_t capacity = header_of(kept[i])->capacity;
      if (capacity >= size && capacity / 2 <= size &&
          (best < 0 || capacity < header_of(kept[best])->capacity))
        best = i;
    }
    void *found = NULL;
    if (best >= 0) {
      found = kept[best];
      kept[best] = kept[--num_kept];
    }
    pthread_mutex_unlock(&lock);
    if (found)
      return found;
  }
  void *raw = NULL;
  if (size > SIZE_MAX - kAlignment - kSlack ||
      posix_memalign(&raw, kAlignment, kAlignment + size + kSlack) != 0)
    return NULL;
  block_header *header = raw;
  header->capacity = size;
  return (char *)raw + kAlignment;
}

void halide_free(void *user_context, void *pointer) {
  /* The planned place of an intermediate tensor in a model's arena. */
  if (!pointer || kiln_internal_arena_owns(user_context, pointer))
    return;
  if (header_of(pointer)->capacity >= kKeptMinimum) {
    pthread_mutex_lock(&lock);
    int keep = models_loaded > 0 && num_kept < kMaxKept;
    if (keep)
      kept[num_kept++] = pointer;
    pthread_mutex_unlock(&lock);
    if (keep)
      return;
  }
  release(pointer);
}

void kiln_internal_scratch_model_loaded(void) {
  pthread_mutex_lock(&lock);
  ++models_loaded;
  pthread_mutex_unlock(&lock);
}

void kiln_internal_scratch_model_freed(void) {
  void *released[kMaxKept];
  int count = 0;
  pthread_mutex_lock(&lock);
  if (--models_loaded == 0) {
    for (int i = 0; i < num_kept; ++i)
      released[count++] = kept[i];
    num_kept = 0;
  }
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < count; ++i)
    release(released[i]);
}
