/* augment_apply.c — runs a compiled augmentation on given parameters, for
 * the tests against Keras (test/augment).
 *
 * Build with -include <name>.h -DAUGMENT_INFO=<name>_info, link with
 * <name>.a and libkiln_runtime.a.
 *
 *   augment_apply IMAGES.bin PARAMS.bin OUT.bin
 *       IMAGES.bin: whole images of the block's type (uint8 or float32),
 *       NHWC, at the block's input size; PARAMS.bin: per image, 10 float64
 * values in the order of kiln_augment_params (theta, tx, ty, shear, zx, zy,
 * flip_horizontal, flip_vertical, channel_shift, brightness); OUT.bin gets the
 * float32 output. augment_apply --seed SEED IMAGES.bin PARAMS.bin OUT.bin draws
 * the parameters from SEED (kiln_augment_draw), writes them to PARAMS.bin in
 * the same layout and augments with them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "%s: %s\n", what, detail);
  return 1;
}

static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = malloc(*size ? *size : 1);
  if (data && fread(data, 1, *size, f) != *size) {
    free(data);
    data = NULL;
  }
  fclose(f);
  return data;
}

int main(int argc, char **argv) {
  const kiln_augment_info *info = AUGMENT_INFO();
  int seeded = argc == 6 && strcmp(argv[1], "--seed") == 0;
  if (argc != 4 && !seeded)
    return fail("usage", "augment_apply [--seed S] IMAGES PARAMS OUT");
  const char **paths = (const char **)argv + (seeded ? 3 : 1);
  size_t image_bytes;
  void *images = read_file(paths[0], &image_bytes);
  if (!images)
    return fail("cannot read", paths[0]);
  size_t element = kiln_element_size(info->type);
  size_t values = image_bytes / element;
  size_t count = values / (size_t)(info->input_height * info->input_width *
                                   info->channels);
  size_t out_values =
      count * (size_t)(info->height * info->width * info->channels);
  kiln_augment_params *params = calloc(count ? count : 1, sizeof *params);
  double *raw = calloc((count ? count : 1) * 10, sizeof *raw);
  float *out = malloc((out_values ? out_values : 1) * sizeof *out);
  if (!params || !raw || !out)
    return fail("out of memory", "");
  if (seeded) {
    kiln_status status =
        kiln_augment_draw(info, strtoull(argv[2], NULL, 10), params, count);
    if (status != KILN_OK)
      return fail(kiln_status_name(status), kiln_last_error());
    for (size_t i = 0; i < count; ++i) {
      const kiln_augment_params *p = &params[i];
      double row[10] = {p->theta,
                        p->tx,
                        p->ty,
                        p->shear,
                        p->zx,
                        p->zy,
                        p->flip_horizontal,
                        p->flip_vertical,
                        p->channel_shift,
                        p->brightness};
      memcpy(&raw[i * 10], row, sizeof row);
    }
    FILE *f = fopen(paths[1], "wb");
    if (!f || fwrite(raw, sizeof *raw, count * 10, f) != count * 10 ||
        fclose(f))
      return fail("cannot write", paths[1]);
  } else {
    size_t param_bytes;
    double *given = read_file(paths[1], &param_bytes);
    if (!given || param_bytes != count * 10 * sizeof(double))
      return fail("parameters do not match the images", paths[1]);
    for (size_t i = 0; i < count; ++i) {
      const double *v = &given[i * 10];
      kiln_augment_params p = {v[0], v[1],      v[2],      v[3], v[4],
                               v[5], v[6] != 0, v[7] != 0, v[8], v[9]};
      params[i] = p;
    }
    free(given);
  }
  kiln_status status =
      kiln_augment_apply(info, images, values, params, count, out, out_values);
  if (status != KILN_OK)
    return fail(kiln_status_name(status), kiln_last_error());
  FILE *f = fopen(paths[2], "wb");
  if (!f || fwrite(out, sizeof *out, out_values, f) != out_values || fclose(f))
    return fail("cannot write", paths[2]);
  printf("augmented %zu images of %lldx%lldx%lld\n", count,
         (long long)info->height, (long long)info->width,
         (long long)info->channels);
  return 0;
}
