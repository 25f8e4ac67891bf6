/* augment.c — running a compiled augmentation (kiln_augment_info), and the
 * random draws of its parameters.
 *
 * The draws follow Keras 3's ImageDataGenerator.get_random_transform: the
 * same ranges and distributions, each value from a counter-based generator
 * (SplitMix64's finalizer over the seed, the image's index and the draw's),
 * so a batch depends on its seed alone. */
#include "kiln/runtime.h"

#include "device.h"
#include "errors.h"
#include "threads.h"

#include <HalideRuntime.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The parameters as the pipeline reads them, per image, in the order of
 * compiler/augment/AugmentPipeline.h's AugmentParam. */
enum { PARAM_COUNT = 10 };

static uint64_t mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1), draw `draw` of image `image`. */
static double uniform(uint64_t seed, uint64_t image, uint64_t draw) {
  return (double)(mix(seed ^ mix(image * 32 + draw)) >> 11) * 0x1.0p-53;
}

static double between(double low, double high, double u) {
  return low + (high - low) * u;
}

/* Keras's shift: an int range r draws one of 0 .. r - 1 with a random
 * sign; a float one uniformly in (-r, r), a fraction of `size` below 1. */
static double shift(double range, int32_t whole, int64_t size, double u,
                    double sign) {
  if (range == 0)
    return 0;
  if (whole)
    return floor(u * range) * (sign < 0.5 ? -1.0 : 1.0);
  double value = between(-range, range, u);
  return range < 1 ? value * (double)size : value;
}

kiln_status kiln_augment_draw(const kiln_augment_info *info, uint64_t seed,
                              kiln_augment_params *params, size_t num_params) {
  if (!info || (num_params && !params))
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "kiln_augment_draw: null info or parameters");
  for (size_t i = 0; i < num_params; ++i) {
    kiln_augment_params *p = &params[i];
    memset(p, 0, sizeof *p);
    p->theta = between(-info->rotation_range, info->rotation_range,
                       uniform(seed, i, 0));
    p->tx = shift(info->height_shift_range, info->height_shift_whole,
                  info->height, uniform(seed, i, 1), uniform(seed, i, 2));
    p->ty = shift(info->width_shift_range, info->width_shift_whole, info->width,
                  uniform(seed, i, 3), uniform(seed, i, 4));
    p->shear =
        between(-info->shear_range, info->shear_range, uniform(seed, i, 5));
    p->zx =
        between(info->zoom_range[0], info->zoom_range[1], uniform(seed, i, 6));
    p->zy =
        between(info->zoom_range[0], info->zoom_range[1], uniform(seed, i, 7));
    p->flip_horizontal = info->horizontal_flip && uniform(seed, i, 8) < 0.5;
    p->flip_vertical = info->vertical_flip && uniform(seed, i, 9) < 0.5;
    p->channel_shift = between(-info->channel_shift_range,
                               info->channel_shift_range, uniform(seed, i, 10));
    p->brightness = info->brightness ? between(info->brightness_range[0],
                                               info->brightness_range[1],
                                               uniform(seed, i, 11))
                                     : 1.0;
  }
  return KILN_OK;
}

/* Values of one image as handed in. */
static size_t input_values(const kiln_augment_info *info) {
  return (size_t)(info->input_height * info->input_width * info->channels);
}

/* A dense buffer of `rank` dimensions, extents innermost first. */
static void describe(halide_buffer_t *buffer, halide_dimension_t *dims,
                     int rank, const int64_t *extents, void *data,
                     halide_type_code_t code, int bits) {
  memset(buffer, 0, sizeof *buffer);
  int32_t stride = 1;
  for (int d = 0; d < rank; ++d) {
    dims[d].min = 0;
    dims[d].extent = (int32_t)extents[d];
    dims[d].stride = stride;
    dims[d].flags = 0;
    stride *= (int32_t)extents[d];
  }
  buffer->host = (uint8_t *)data;
  buffer->type.code = code;
  buffer->type.bits = (uint8_t)bits;
  buffer->type.lanes = 1;
  buffer->dimensions = rank;
  buffer->dim = dims;
}

kiln_status kiln_augment_apply(const kiln_augment_info *info,
                               const void *images, size_t image_values,
                               const kiln_augment_params *params,
                               size_t num_params, float *out,
                               size_t out_values) {
  if (!info || !images || !params || !out)
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "kiln_augment_apply: null argument");
  size_t per_image = input_values(info);
  size_t per_output = (size_t)(info->height * info->width * info->channels);
  size_t count = image_values / per_image;
  if (image_values == 0 || image_values % per_image != 0 ||
      count > INT32_MAX / per_image || count > INT32_MAX / per_output)
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "augmentation '%s': %zu values are not whole images of %lldx%lldx%lld",
        info->name, image_values, (long long)info->input_height,
        (long long)info->input_width, (long long)info->channels);
  if (num_params != count || out_values != count * per_output)
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "augmentation '%s': %zu images need %zu parameter sets and %zu "
        "output floats, got %zu and %zu",
        info->name, count, count, count * per_output, num_params, out_values);
  kiln_status status = kiln_internal_apply_threads();
  if (status != KILN_OK)
    return status;

  double *packed = malloc(count * PARAM_COUNT * sizeof *packed);
  if (!packed)
    return kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                              "augmentation '%s': out of memory", info->name);
  for (size_t i = 0; i < count; ++i) {
    const kiln_augment_params *p = &params[i];
    double values[PARAM_COUNT] = {p->theta,
                                  p->tx,
                                  p->ty,
                                  p->shear,
                                  p->zx,
                                  p->zy,
                                  p->flip_horizontal != 0,
                                  p->flip_vertical != 0,
                                  p->channel_shift,
                                  p->brightness};
    memcpy(&packed[i * PARAM_COUNT], values, sizeof values);
  }
  int64_t image_extents[4] = {info->channels, info->input_width,
                              info->input_height, (int64_t)count};
  int64_t out_extents[4] = {info->channels, info->width, info->height,
                            (int64_t)count};
  int64_t param_extents[2] = {PARAM_COUNT, (int64_t)count};
  halide_dimension_t dims[10];
  /* The images, the parameters, the output. */
  halide_buffer_t buffers[3];
  int pixels = info->type == KILN_UINT8;
  describe(&buffers[0], dims, 4, image_extents, (void *)(uintptr_t)images,
           pixels ? halide_type_uint : halide_type_float, pixels ? 8 : 32);
  describe(&buffers[1], dims + 4, 2, param_extents, packed, halide_type_float,
           64);
  describe(&buffers[2], dims + 6, 4, out_extents, out, halide_type_float, 32);

  kiln_call call = kiln_internal_call(NULL);
  void *user_context = &call;
  void *args[4] = {&user_context, &buffers[0], &buffers[1], &buffers[2]};
  /* On a GPU the images and parameters go over first (no GPU or driver is
   * KILN_ERROR_DEVICE), the output comes back into the caller's memory,
   * and the device copies go. */
  int gpu = info->device_interface != NULL;
  kiln_status failure = KILN_ERROR_DEVICE;
  int code = gpu ? kiln_device_upload(user_context, info->device_interface(),
                                      buffers, 2)
                 : 0;
  if (code == 0) {
    failure = KILN_ERROR_PIPELINE;
    code = info->pipeline_argv(args);
  }
  if (code == 0 && gpu) {
    failure = KILN_ERROR_DEVICE;
    code = kiln_device_download(user_context, &buffers[2], 1);
  }
  if (gpu)
    kiln_device_release(user_context, buffers, 3);
  free(packed);
  if (code != 0)
    return kiln_internal_fail(
        failure, "augmentation '%s': %s (Halide error %d)", info->name,
        call.message[0] ? call.message : "the pipeline failed", code);
  return KILN_OK;
}

kiln_status kiln_augment_random(const kiln_augment_info *info,
                                const void *images, size_t image_values,
                                uint64_t seed, float *out, size_t out_values) {
  if (!info)
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "kiln_augment_random: null info");
  size_t count = image_values / input_values(info);
  kiln_augment_params *params = calloc(count ? count : 1, sizeof *params);
  if (!params)
    return kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                              "augmentation '%s': out of memory", info->name);
  kiln_status status = kiln_augment_draw(info, seed, params, count);
  if (status == KILN_OK)
    status = kiln_augment_apply(info, images, image_values, params, count, out,
                                out_values);
  free(params);
  return status;
}
