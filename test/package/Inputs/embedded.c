/* embedded.c — LeNet-5 compiled as "digits" with its weights in the library
 * (kiln_add_model(... EMBED_WEIGHTS FLAGS --name=digits)): loads with no
 * file and prints the probabilities for the image kiln-run gets in
 * test/package/install.test (0 to 1 evenly over the 784 pixels). */
#include "digits.h"

#include <stdio.h>

int main(void) {
  kiln_model *model;
  if (digits_load_embedded(&model) != KILN_OK) {
    fprintf(stderr, "embedded: %s\n", kiln_last_error());
    return 1;
  }
  float image[DIGITS_INPUT_COUNT], probabilities[DIGITS_OUTPUT_COUNT];
  for (int i = 0; i < DIGITS_INPUT_COUNT; ++i)
    image[i] = (float)i / (DIGITS_INPUT_COUNT - 1);
  kiln_status status = digits_run(model, image, DIGITS_INPUT_COUNT,
                                  probabilities, DIGITS_OUTPUT_COUNT);
  kiln_model_free(model);
  if (status != KILN_OK) {
    fprintf(stderr, "embedded: %s\n", kiln_last_error());
    return 1;
  }
  for (int c = 0; c < DIGITS_OUTPUT_COUNT; ++c)
    printf("%.7f\n", probabilities[c]);
  return 0;
}
