/* runtime.c — the Kiln runtime: load a model's weights and run its pipeline.
 *
 * The compiled pipeline (in <model>.a) takes one halide_buffer_t per input,
 * weight and output, in that order, through its argv entry point. This file
 * checks every argument a caller can get wrong, builds those buffer
 * descriptors over the caller's memory and the loaded weights, and turns every
 * failure into a status code and a per-thread message. The weights' buffers
 * are built once, at load, over an image that weights.c has read and
 * checked, and shared by every run (device.c keeps a GPU model's weights on
 * the device through them).
 */
#include "kiln/runtime.h"

#include "arena.h"
#include "device.h"
#include "errors.h"
#include "scratch.h"
#include "threads.h"
#include "weights.h"
#include "weights_format.h"

#include <HalideRuntime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one run describes its tensors with: a buffer and its dimensions
 * for each input, then each output; the pipeline's argument list; aligned
 * copies of misaligned inputs and outputs (null until one is needed; the
 * model's own state keeps them from run to run, aligned_view). */
typedef struct run_state {
  halide_buffer_t *buffers;
  halide_dimension_t *dims;
  void **args;
  void **copies;
  size_t num_copies;
} run_state;

static void free_run_state(run_state *state) {
  if (!state)
    return;
  for (size_t i = 0; state->copies && i < state->num_copies; ++i)
    free(state->copies[i]);
  free(state->buffers);
  free(state->dims);
  free(state->args);
  free(state->copies);
}

/* Allocates the arrays of `state` for a run of `info`; 0 when out of
 * memory (what was allocated is left for free_run_state). */
static int alloc_run_state(run_state *state, const kiln_model_info *info) {
  size_t num_io = (size_t)(info->num_inputs + info->num_outputs);
  state->buffers = calloc(num_io, sizeof *state->buffers);
  state->dims = calloc(num_io * KILN_MAX_RANK, sizeof *state->dims);
  /* args[0] points to the user_context, then one buffer per tensor. */
  state->args =
      calloc(num_io + (size_t)info->num_weights + 1, sizeof *state->args);
  state->copies = calloc(num_io, sizeof *state->copies);
  state->num_copies = state->copies ? num_io : 0;
  return state->buffers && state->dims && state->args && state->copies;
}

struct kiln_model {
  const kiln_model_info *info;
  /* The whole weights image, aligned: `owned_weights`, or memory of the
   * caller's (kiln_model_load_from_memory) used in place. */
  const unsigned char *weights;
  unsigned char *owned_weights;
  /* One buffer per weight over `weights`; read-only once loaded, so any
   * number of runs can share them. */
  halide_buffer_t *weight_buffers;
  halide_dimension_t *weight_dims;
  /* The scratch arena of runs (arena.h), and the descriptors of the run
   * that holds it, made at load: that run allocates nothing. */
  kiln_arena *arena;
  run_state *held;
};

/* A part of a large model (kiln_part_info): the pipeline calls it as an
 * extern stage with the part's input and output, here given the weights it
 * reads. Bounds queries pass through to the part, which answers them. */
int kiln_run_part(void *user_context, int32_t index, halide_buffer_t *input,
                  halide_buffer_t *output) {
  const kiln_call *call = (const kiln_call *)user_context;
  const kiln_part_info *part = &call->model->info->parts[index];
  void *args[3 + KILN_MAX_PART_WEIGHTS];
  if (part->num_weights > KILN_MAX_PART_WEIGHTS) {
    halide_error(user_context, "a model part reads too many weights");
    return -1;
  }
  void **arg = args;
  *arg++ = &user_context;
  *arg++ = input;
  for (int32_t i = 0; i < part->num_weights; ++i)
    *arg++ = &call->model->weight_buffers[part->weights[i]];
  *arg++ = output;
  return part->argv(args);
}

/* Replaces Halide's weak default, which prints and aborts: a pipeline error
 * is recorded for the caller and the pipeline returns its error code. */
void halide_error(void *user_context, const char *message) {
  char *destination = user_context ? ((kiln_call *)user_context)->message
                                   : kiln_internal_error_buffer();
  if (destination[0] != '\0')
    return; /* keep the first error, which names the cause */
  snprintf(destination, KILN_MESSAGE_SIZE, "%s", message);
  size_t length = strlen(destination);
  while (length > 0 && destination[length - 1] == '\n')
    destination[--length] = '\0';
}

const char *kiln_status_name(kiln_status status) {
  switch (status) {
  case KILN_OK:
    return "KILN_OK";
  case KILN_ERROR_INVALID_ARGUMENT:
    return "KILN_ERROR_INVALID_ARGUMENT";
  case KILN_ERROR_WEIGHTS:
    return "KILN_ERROR_WEIGHTS";
  case KILN_ERROR_OUT_OF_MEMORY:
    return "KILN_ERROR_OUT_OF_MEMORY";
  case KILN_ERROR_PIPELINE:
    return "KILN_ERROR_PIPELINE";
  case KILN_ERROR_DEVICE:
    return "KILN_ERROR_DEVICE";
  }
  return "KILN_ERROR_UNKNOWN";
}

size_t kiln_tensor_count(const kiln_tensor_info *tensor) {
  size_t count = 1;
  for (int32_t i = 0; i < tensor->rank; ++i)
    count *= (size_t)tensor->shape[i];
  return count;
}

size_t kiln_element_size(kiln_element_type type) {
  switch (type) {
  case KILN_FLOAT32:
    return sizeof(float);
  case KILN_UINT8:
    return 1;
  }
  return 0;
}

/* A dense row-major tensor as Halide sees it: dimension 0 is the last
 * (fastest varying) one. */
static void describe_buffer(halide_buffer_t *buffer, halide_dimension_t *dims,
                            const kiln_tensor_info *tensor, void *data) {
  memset(buffer, 0, sizeof *buffer);
  int32_t stride = 1;
  for (int32_t d = 0; d < tensor->rank; ++d) {
    int32_t extent = (int32_t)tensor->shape[tensor->rank - 1 - d];
    dims[d].min = 0;
    dims[d].extent = extent;
    dims[d].stride = stride;
    dims[d].flags = 0;
    stride *= extent;
  }
  buffer->host = (uint8_t *)data;
  buffer->type.code =
      tensor->type == KILN_UINT8 ? halide_type_uint : halide_type_float;
  buffer->type.bits = (uint8_t)(8 * kiln_element_size(tensor->type));
  buffer->type.lanes = 1;
  buffer->dimensions = tensor->rank;
  buffer->dim = dims;
}

/* The weights' buffers over the loaded file; a GPU model's also get their
 * device copies. */
static kiln_status prepare_weights(kiln_model *model) {
  const kiln_model_info *info = model->info;
  int32_t count = info->num_weights;
  /* calloc(0) may return null: allocate at least one of each. */
  model->weight_buffers =
      calloc((size_t)(count > 0 ? count : 1), sizeof *model->weight_buffers);
  model->weight_dims = calloc((size_t)(count > 0 ? count : 1) * KILN_MAX_RANK,
                              sizeof *model->weight_dims);
  if (!model->weight_buffers || !model->weight_dims)
    return kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                              "cannot allocate the weight descriptors of '%s'",
                              info->name);
  for (int32_t i = 0; i < count; ++i)
    describe_buffer(
        &model->weight_buffers[i], &model->weight_dims[i * KILN_MAX_RANK],
        &info->weights[i],
        /* the pipeline only reads its weights */
        (void *)(uintptr_t)(model->weights + info->weights[i].offset));
  if (!info->device_interface)
    return KILN_OK;

  kiln_call call = kiln_internal_call(model);
  /* Runs allocate and free device memory for every input, output and
   * intermediate: keep Halide's freed allocations for the next run. */
  int code = halide_reuse_device_allocations(&call, 1);
  if (code == 0)
    code = kiln_device_upload(&call, info->device_interface(),
                              model->weight_buffers, count);
  if (code != 0)
    return kiln_internal_fail(
        KILN_ERROR_DEVICE,
        "model '%s': cannot copy the weights to the GPU: %s (Halide "
        "error %d)",
        info->name, call.message[0] ? call.message : "unknown error", code);
  return KILN_OK;
}

/* Frees what kiln_model_load allocated, loaded or not. */
static void free_model(kiln_model *model) {
  if (!model)
    return;
  if (model->weight_buffers)
    kiln_device_release(NULL, model->weight_buffers, model->info->num_weights);
  free(model->weight_buffers);
  free(model->weight_dims);
  free(model->owned_weights);
  if (model->arena)
    kiln_internal_arena_free(model->arena);
  free(model->arena);
  free_run_state(model->held);
  free(model->held);
  free(model);
}

/* The checks every load starts with: no null pointers, a valid thread
 * count. */
static kiln_status check_load_arguments(const kiln_model_info *info,
                                        kiln_model **model,
                                        const char *function) {
  if (!info || !model)
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "%s: model info and result pointer must not be "
                              "null",
                              function);
  *model = NULL;
  /* A bad KILN_NUM_THREADS fails here, before any run depends on it. */
  return kiln_internal_check_threads();
}

/* Makes a model over a checked weights image: `owned` (freed with the model)
 * or the caller's `image`, used in place; its arena over `scratch` (the
 * caller's, or null: allocated here). */
static kiln_status make_model(const kiln_model_info *info,
                              const unsigned char *image, unsigned char *owned,
                              void *scratch, size_t scratch_size,
                              kiln_model **model) {
  kiln_model *result = calloc(1, sizeof *result);
  if (!result) {
    free(owned);
    return kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                              "cannot allocate model '%s'", info->name);
  }
  result->info = info;
  result->weights = image;
  result->owned_weights = owned;
  result->arena = calloc(1, sizeof *result->arena);
  result->held = calloc(1, sizeof *result->held);
  kiln_status status = KILN_OK;
  if (!result->arena || !result->held || !alloc_run_state(result->held, info))
    status = kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                                "cannot allocate model '%s'", info->name);
  if (status == KILN_OK)
    status =
        kiln_internal_arena_init(result->arena, info, scratch, scratch_size);
  if (status == KILN_OK)
    status = prepare_weights(result);
  if (status != KILN_OK) {
    free_model(result);
    return status;
  }
  kiln_internal_scratch_model_loaded();
  *model = result;
  return KILN_OK;
}

kiln_status kiln_model_load_with_options(const kiln_model_info *info,
                                         const kiln_load_options *options,
                                         kiln_model **model) {
  kiln_status status =
      check_load_arguments(info, model, "kiln_model_load_with_options");
  if (status != KILN_OK)
    return status;
  if (!options)
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "kiln_model_load_with_options: the options "
                              "must not be null");
  unsigned char *owned = NULL;
  const unsigned char *image = options->weights;
  if (options->weights_path) {
    char what[600];
    snprintf(what, sizeof what, "'%.512s'", options->weights_path);
    status = kiln_internal_read_weights_file(info, options->weights_path, what,
                                             &owned);
    image = owned;
  } else if (!options->weights) {
    status = kiln_internal_fail(
        KILN_ERROR_WEIGHTS,
        "model '%s' needs its weights file (%s.weights), but the path "
        "is null",
        info->name, info->name);
  } else if ((status = kiln_internal_check_weights_image(
                  info, image, options->weights_size)) == KILN_OK &&
             (uintptr_t)image % KILN_WEIGHTS_ALIGNMENT != 0) {
    /* The pipeline's vector loads want aligned weights: copy them. */
    owned = kiln_internal_alloc_weights(options->weights_size);
    if (!owned)
      status = kiln_internal_fail(
          KILN_ERROR_OUT_OF_MEMORY,
          "cannot allocate %zu bytes for the weights of '%s'",
          options->weights_size, info->name);
    else
      image = memcpy(owned, image, options->weights_size);
  }
  if (status != KILN_OK)
    return status;
  return make_model(info, image, owned, options->scratch, options->scratch_size,
                    model);
}

kiln_status kiln_model_load(const kiln_model_info *info,
                            const char *weights_path, kiln_model **model) {
  kiln_status status = check_load_arguments(info, model, "kiln_model_load");
  if (status != KILN_OK)
    return status;
  /* A null path is refused there, as a load with no weights. */
  kiln_load_options options = {0};
  options.weights_path = weights_path;
  return kiln_model_load_with_options(info, &options, model);
}

kiln_status kiln_model_load_from_memory(const kiln_model_info *info,
                                        const void *weights, size_t size,
                                        kiln_model **model) {
  kiln_status status =
      check_load_arguments(info, model, "kiln_model_load_from_memory");
  if (status != KILN_OK)
    return status;
  kiln_load_options options = {0};
  options.weights = weights;
  options.weights_size = size;
  if (!weights) /* not "needs its weights file" */
    return kiln_internal_check_weights_image(info, weights, size);
  return kiln_model_load_with_options(info, &options, model);
}

void kiln_model_free(kiln_model *model) {
  if (!model)
    return;
  free_model(model);
  kiln_internal_scratch_model_freed();
}

static kiln_status check_io(const char *kind, int32_t count,
                            const kiln_tensor_info *tensors,
                            const void *const *pointers, const size_t *sizes,
                            const char *model) {
  if (count > 0 && (!pointers || !sizes))
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "model '%s': the %s array and its counts must not be null", model,
        kind);
  for (int32_t i = 0; i < count; ++i) {
    if (!pointers[i])
      return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                                "model '%s': %s '%s' is a null pointer", model,
                                kind, tensors[i].name);
    size_t expected = kiln_tensor_count(&tensors[i]);
    if (sizes[i] != expected)
      return kiln_internal_fail(
          KILN_ERROR_INVALID_ARGUMENT,
          "model '%s': %s '%s' holds %zu %s, expected %zu", model, kind,
          tensors[i].name, sizes[i],
          tensors[i].type == KILN_UINT8 ? "uint8 values" : "floats", expected);
  }
  return KILN_OK;
}

/* The buffer Halide sees for a caller's tensor: the caller's memory when it
 * is KILN_ALIGNMENT-aligned, otherwise an aligned copy (the pipeline assumes
 * that alignment for its vector loads and stores) in *scratch, allocated at
 * the first such run and reused by the next: a tensor's size never changes,
 * and a fresh copy each run cost a page fault per 4 KiB on every run (one
 * 14x14x1024 input and output: 400 faults, a tenth of the run on 2 threads
 * of a 2-core Xeon). */
static void *aligned_view(void *data, size_t bytes, int copy_in,
                          void **scratch) {
  if ((uintptr_t)data % KILN_ALIGNMENT == 0)
    return data;
  if (!*scratch) {
    size_t padded =
        (bytes + KILN_ALIGNMENT - 1) / KILN_ALIGNMENT * KILN_ALIGNMENT;
    *scratch = aligned_alloc(KILN_ALIGNMENT, padded ? padded : KILN_ALIGNMENT);
  }
  if (*scratch && copy_in)
    memcpy(*scratch, data, bytes);
  return *scratch;
}

kiln_status kiln_model_run(const kiln_model *model, const float *const *inputs,
                           const size_t *input_counts, float *const *outputs,
                           const size_t *output_counts) {
  if (!model)
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "kiln_model_run: the model is null (was kiln_model_load "
        "successful?)");
  for (int32_t i = 0; i < model->info->num_inputs; ++i)
    if (model->info->inputs[i].type != KILN_FLOAT32)
      return kiln_internal_fail(
          KILN_ERROR_INVALID_ARGUMENT,
          "model '%s': input '%s' takes uint8 values, not floats: run the "
          "model with kiln_model_run_typed (or the header's %s_run)",
          model->info->name, model->info->inputs[i].name, model->info->name);
  return kiln_model_run_typed(model, (const void *const *)inputs, input_counts,
                              outputs, output_counts);
}

kiln_status kiln_model_run_typed(const kiln_model *model,
                                 const void *const *inputs,
                                 const size_t *input_counts,
                                 float *const *outputs,
                                 const size_t *output_counts) {
  if (!model)
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "kiln_model_run_typed: the model is null (was kiln_model_load "
        "successful?)");
  const kiln_model_info *info = model->info;
  kiln_status status = check_io("input", info->num_inputs, info->inputs, inputs,
                                input_counts, info->name);
  if (status == KILN_OK)
    status = check_io("output", info->num_outputs, info->outputs,
                      (const void *const *)outputs, output_counts, info->name);
  if (status == KILN_OK)
    status = kiln_internal_apply_threads();
  if (status != KILN_OK)
    return status;

  /* The run holding the model's arena uses the descriptors made at load;
   * a concurrent one allocates its own. */
  kiln_call call = kiln_internal_call(model);
  call.arena = kiln_internal_arena_acquire(model->arena);
  run_state own = {0};
  run_state *state = call.arena ? model->held : &own;
  int ok = call.arena || alloc_run_state(&own, info);
  int32_t num_io = info->num_inputs + info->num_outputs;
  halide_buffer_t *buffers = state->buffers;
  halide_dimension_t *dims = state->dims;
  void **args = state->args;
  void **scratch = state->copies;
  halide_buffer_t *input_buffers = buffers;
  halide_buffer_t *output_buffers = buffers + info->num_inputs;

  for (int32_t i = 0; ok && i < info->num_inputs; ++i) {
    /* Halide never writes inputs; the cast only drops const. */
    void *data =
        aligned_view((void *)(uintptr_t)inputs[i],
                     input_counts[i] * kiln_element_size(info->inputs[i].type),
                     1, &scratch[i]);
    ok = data != NULL;
    describe_buffer(&input_buffers[i], &dims[i * KILN_MAX_RANK],
                    &info->inputs[i], data);
  }
  for (int32_t i = 0; ok && i < info->num_outputs; ++i) {
    int32_t io = info->num_inputs + i;
    void *data = aligned_view(outputs[i], output_counts[i] * sizeof(float), 0,
                              &scratch[io]);
    ok = data != NULL;
    describe_buffer(&output_buffers[i], &dims[io * KILN_MAX_RANK],
                    &info->outputs[i], data);
  }

  int code = 0;
  kiln_status failure = KILN_ERROR_PIPELINE; /* what a nonzero code means */
  if (ok) {
    void *user_context = &call;
    void **arg = args;
    *arg++ = &user_context;
    for (int32_t i = 0; i < info->num_inputs; ++i)
      *arg++ = &input_buffers[i];
    for (int32_t i = 0; i < info->num_weights; ++i)
      *arg++ = &model->weight_buffers[i];
    for (int32_t i = 0; i < info->num_outputs; ++i)
      *arg++ = &output_buffers[i];
    if (info->device_interface)
      kiln_device_mark_host_newer(input_buffers, info->num_inputs);
    code = info->pipeline_argv(args);
    if (code == 0 && info->device_interface) {
      failure = KILN_ERROR_DEVICE;
      code = kiln_device_download(&call, output_buffers, info->num_outputs);
    }
    if (info->device_interface)
      kiln_device_release(&call, buffers, num_io);
    /* Copy results out of the aligned scratch outputs. */
    for (int32_t i = 0; code == 0 && i < info->num_outputs; ++i)
      if (output_buffers[i].host != (uint8_t *)outputs[i])
        memcpy(outputs[i], output_buffers[i].host,
               output_counts[i] * sizeof(float));
  }
  if (call.arena)
    kiln_internal_arena_release(call.arena);
  free_run_state(&own);
  if (!ok)
    return kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                              "model '%s': out of memory", info->name);
  if (code != 0)
    return kiln_internal_fail(
        failure, "model '%s': %s (Halide error %d)", info->name,
        call.message[0] ? call.message : "the pipeline failed", code);
  return KILN_OK;
}
