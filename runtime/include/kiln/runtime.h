/* kiln/runtime.h — the C API of models compiled by kilnc.
 *
 * A model compiled by `kilnc model.json -o DIR` comes as DIR/<name>.a (the
 * compiled pipeline), DIR/<name>.h (its shapes and inline wrappers around the
 * functions below) and DIR/<name>.weights (its weights). A program loads the
 * weights once with kiln_model_load() and then calls kiln_model_run() as often
 * as it likes, from any number of threads.
 *
 * Every function returns a kiln_status; on failure kiln_last_error() gives a
 * readable message for the calling thread. Nothing here aborts or prints.
 */
#ifndef KILN_RUNTIME_H
#define KILN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kiln_status {
  KILN_OK = 0,
  KILN_ERROR_INVALID_ARGUMENT = 1, /* a null pointer or a wrong buffer size */
  KILN_ERROR_WEIGHTS = 2, /* missing, unreadable or mismatched weights */
  KILN_ERROR_OUT_OF_MEMORY = 3,
  KILN_ERROR_PIPELINE = 4, /* the compiled pipeline reported an error */
  KILN_ERROR_DEVICE = 5    /* GPU models: no GPU or driver, or a device call
                              (memory, copy) failed */
} kiln_status;

/* The message of the last failed call on this thread ("" if none). */
const char *kiln_last_error(void);

/* A short constant name for a status ("KILN_ERROR_WEIGHTS", ...). */
const char *kiln_status_name(kiln_status status);

#define KILN_MAX_RANK 8

/* Inputs and outputs at this byte alignment are used in place; others are
 * copied to aligned memory, which the model keeps for its next runs
 * (allocate with aligned_alloc(KILN_ALIGNMENT, ...) to avoid the copy). */
#define KILN_ALIGNMENT 64

/* What an input's values are. Outputs and weights are always float32; an
 * input may take 8-bit pixels that the model converts itself (kilnc
 * --input-type=uint8). */
typedef enum kiln_element_type {
  KILN_FLOAT32 = 0,
  KILN_UINT8 = 1
} kiln_element_type;

/* One tensor of a model: an input, an output or a weight. Shapes are in the
 * model's order (NCHW for images; an input's is its caller's buffer's, NHWC
 * where the model takes interleaved pixels); data is dense and row-major. */
typedef struct kiln_tensor_info {
  const char *name;
  int32_t rank;
  int64_t shape[KILN_MAX_RANK];
  uint64_t offset; /* weights only: byte offset in the weights file */
  kiln_element_type type; /* inputs: what the caller hands; else float32 */
} kiln_tensor_info;

/* Halide's description of a GPU API, as the model's .a defines it. */
struct halide_device_interface_t;

/* A part of a large model that kilnc compiled as a function of its own
 * (kilnc --layers-per-pipeline); the model's pipeline calls it. */
typedef struct kiln_part_info {
  int (*argv)(void **args); /* user context, input, weights, output */
  int32_t num_weights;
  const int32_t *weights; /* indices into kiln_model_info.weights */
} kiln_part_info;

/* The most weights one part may read (kilnc keeps parts below it). */
#define KILN_MAX_PART_WEIGHTS 1024

/* What kilnc knows about a compiled model; the generated header fills it. */
typedef struct kiln_model_info {
  const char *name;
  int (*pipeline_argv)(void **args); /* the compiled pipeline */
  int32_t num_inputs;
  const kiln_tensor_info *inputs;
  int32_t num_outputs;
  const kiln_tensor_info *outputs;
  int32_t num_weights;
  const kiln_tensor_info *weights;
  uint64_t weights_file_size;   /* exact size of <name>.weights in bytes */
  /* Fingerprint of the weights' shapes, stored layout and offsets (not
   * their values): the weights of a retrained network of the same
   * architecture, written by kilnc with the same flags, share it. */
  uint64_t weights_layout;
  /* GPU models (e.g. --target=host-cuda): the device API the pipeline runs
   * on, whose memory holds the weights from load to free. Null on CPUs. */
  const struct halide_device_interface_t *(*device_interface)(void);
  /* The parts the pipeline calls, for each variant of a multi-target
   * library in turn (the pipeline names its own); none in most models. */
  int32_t num_parts;
  const kiln_part_info *parts;
  /* The regions of the scratch arena kilnc planned for a run's
   * intermediate tensors (kiln_model_scratch_size gives the total): the
   * pipeline's, its parts', and each thread's. */
  uint64_t scratch_pipeline_bytes;
  uint64_t scratch_part_bytes;
  uint64_t scratch_thread_bytes;
} kiln_model_info;

typedef struct kiln_model kiln_model;

/* Number of elements of a tensor. */
size_t kiln_tensor_count(const kiln_tensor_info *tensor);

/* Bytes per element of `type` (0 for a value not in kiln_element_type). */
size_t kiln_element_size(kiln_element_type type);

/* Reads the weights file written by kilnc next to the library and checks
 * that it fits this build of the model (the tensors' shapes and layout) and
 * is undamaged (its checksum). Weights retrained after the library was
 * built load too: kilnc --emit=weights writes them (docs/runtime.md). A GPU
 * model also copies its weights to the device here, once: runs then move only
 * inputs and outputs across the bus. No GPU or driver is KILN_ERROR_DEVICE. */
kiln_status kiln_model_load(const kiln_model_info *info,
                            const char *weights_path, kiln_model **model);

/* Loads the model over a whole weights image in memory (a .weights file's
 * `size` bytes: a firmware image, an asset bundle, the library's own with
 * kilnc --embed-weights), checked as kiln_model_load checks a file. Memory
 * aligned to KILN_ALIGNMENT is used in place and must stay valid and
 * unchanged until kiln_model_free; other memory is copied. */
kiln_status kiln_model_load_from_memory(const kiln_model_info *info,
                                        const void *weights, size_t size,
                                        kiln_model **model);

/* Everything a load can be given. Weights: a file (weights_path), or else
 * a whole weights image in memory (weights, weights_size), as
 * kiln_model_load and kiln_model_load_from_memory take them. Scratch: the
 * memory the model's runs keep their intermediate tensors in, at least
 * kiln_model_scratch_size(info, threads) bytes of any alignment, valid
 * until kiln_model_free; or null, and the load allocates it. */
typedef struct kiln_load_options {
  const char *weights_path;
  const void *weights;
  size_t weights_size;
  void *scratch;
  size_t scratch_size;
} kiln_load_options;

kiln_status kiln_model_load_with_options(const kiln_model_info *info,
                                         const kiln_load_options *options,
                                         kiln_model **model);

/* The scratch memory runs of the model need on `threads` threads (0: the
 * current count, kiln_get_num_threads): kilnc plans every intermediate
 * tensor's place in it at compile time, so that a run allocates nothing
 * (docs/runtime.md, "Memory"). 0 for a model that needs none. A model gets
 * it at load; runs on more threads than it was sized for, and a second run
 * at the same time, take the rest from the heap. */
size_t kiln_model_scratch_size(const kiln_model_info *info, int threads);

/* Frees a model and its device memory; a null pointer is ignored. GPU
 * models keep freed device memory cached for reuse by later runs (Halide's
 * halide_reuse_device_allocations), until the process ends. */
void kiln_model_free(kiln_model *model);

/* Runs the model. inputs[i] holds input_counts[i] floats, outputs[i] has room
 * for output_counts[i] floats; each count must equal the tensor's size. A
 * model with an input of another type (KILN_UINT8) runs with
 * kiln_model_run_typed instead: here it is KILN_ERROR_INVALID_ARGUMENT. */
kiln_status kiln_model_run(const kiln_model *model, const float *const *inputs,
                           const size_t *input_counts, float *const *outputs,
                           const size_t *output_counts);

/* Runs the model on inputs of any element type: inputs[i] holds
 * input_counts[i] values of the type info->inputs[i].type names (uint8_t
 * for KILN_UINT8, float for KILN_FLOAT32); outputs as kiln_model_run. */
kiln_status kiln_model_run_typed(const kiln_model *model,
                                 const void *const *inputs,
                                 const size_t *input_counts,
                                 float *const *outputs,
                                 const size_t *output_counts);

/* Augmentation: a library kilnc compiled from an "augment" block
 * (docs/augment.md), Keras's ImageDataGenerator for a batch of NHWC images.
 * One image's parameters, as Keras's apply_transform takes them: */
typedef struct kiln_augment_params {
  double theta;  /* rotation, degrees */
  double tx, ty; /* shift in pixels, along the rows (height) and the
                    columns (width), as Keras names them */
  double shear;  /* degrees */
  double zx, zy; /* zoom along the rows and the columns */
  int32_t flip_horizontal, flip_vertical; /* nonzero: flip */
  double channel_shift; /* added to every value, clipped to the image's range */
  double brightness;    /* PIL's brightness factor (1: none but 8-bit values) */
} kiln_augment_params;

/* What kilnc knows about a compiled augmentation; its header fills it. The
 * ranges are the block's, in Keras's units; the steps it leaves off are
 * not compiled, and their parameters are ignored. */
typedef struct kiln_augment_info {
  const char *name;
  int (*pipeline_argv)(void **args); /* images, parameters, output */
  kiln_element_type type;            /* of the images */
  int64_t height, width, channels;   /* of each augmented image */
  /* Of each image handed in: resized to height x width first where they
   * differ (Keras's target_size). */
  int64_t input_height, input_width;
  double rotation_range, width_shift_range, height_shift_range, shear_range;
  double zoom_range[2], channel_shift_range;
  int32_t width_shift_whole, height_shift_whole; /* ranges written as ints */
  int32_t horizontal_flip, vertical_flip;
  int32_t brightness; /* whether the block has a brightness range */
  double brightness_range[2];
  /* GPU targets (host-cuda): the device API the pipeline runs on; the
   * images and the output stay in host memory for the caller. Null on
   * CPUs. */
  const struct halide_device_interface_t *(*device_interface)(void);
} kiln_augment_info;

/* Augments images (image_values values of info->type: whole images of
 * input_height x input_width x channels, any number of them) with one
 * parameter set per image into out (height x width x channels floats per
 * image). */
kiln_status kiln_augment_apply(const kiln_augment_info *info,
                               const void *images, size_t image_values,
                               const kiln_augment_params *params,
                               size_t num_params, float *out,
                               size_t out_values);

/* Draws num_params parameter sets from Keras's distributions for the
 * block's ranges: set i from (seed, i) alone, whatever the thread count. */
kiln_status kiln_augment_draw(const kiln_augment_info *info, uint64_t seed,
                              kiln_augment_params *params, size_t num_params);

/* Augments images as kiln_augment_apply does, each with parameters drawn
 * by kiln_augment_draw from `seed`: a batch is reproducible from its seed. */
kiln_status kiln_augment_random(const kiln_augment_info *info,
                                const void *images, size_t image_values,
                                uint64_t seed, float *out, size_t out_values);

/* Threads. Every model in a process shares Halide's one thread pool, so the
 * thread count is process-wide. The count a run uses is, first found:
 *   1. n from the last kiln_set_num_threads(n) with n > 0;
 *   2. the KILN_NUM_THREADS environment variable (1 to KILN_MAX_THREADS);
 *   3. Halide's default: HL_NUM_THREADS, else one thread per CPU.
 * With one thread a model computes the same bits on every run. */
#define KILN_MAX_THREADS 256

/* Sets the thread count of later runs; 0 returns to the default (2. and 3.
 * above). A count outside 0..KILN_MAX_THREADS is KILN_ERROR_INVALID_ARGUMENT
 * and changes nothing. */
kiln_status kiln_set_num_threads(int n);

/* The thread count the next run will use. KILN_ERROR_INVALID_ARGUMENT when
 * it would come from a KILN_NUM_THREADS that is not a valid count (runs and
 * loads then fail the same way until it is fixed or overridden). */
kiln_status kiln_get_num_threads(int *n);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_H */
