/* variant_probe.c — shows which variant of a multi-target library runs.
 *
 * On the first run, Halide's multitarget wrapper asks
 * halide_can_use_target_features() about every variant but the last (in no
 * fixed order), then always runs the first variant in list order that got 1
 * (the last, the fallback, when none did). This definition replaces
 * Halide's weak one: it prints each question to stderr with its answer, and
 * answers 0 for the variants that KILN_PROBE_DENY names ("avx512", "avx2", or
 * "all"), which forces a less capable variant to run on this machine.
 */
#include <HalideRuntime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int asks_for(int count, const uint64_t *features, int feature) {
  return feature / 64 < count &&
         ((features[feature / 64] >> (feature % 64)) & 1);
}

int halide_can_use_target_features(int count, const uint64_t *features) {
  const char *name =
      asks_for(count, features, halide_target_feature_avx512) ? "avx512"
      : asks_for(count, features, halide_target_feature_avx2) ? "avx2"
                                                              : "other";
  const char *deny = getenv("KILN_PROBE_DENY");
  int answer = deny && (strcmp(deny, "all") == 0 || strcmp(deny, name) == 0)
                   ? 0
                   : halide_default_can_use_target_features(count, features);
  fprintf(stderr, "probe: %s variant %s\n", name,
          answer ? "usable" : "refused");
  return answer;
}
