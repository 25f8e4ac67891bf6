/* scratch.h — the memory a pipeline allocates while it runs. */
#ifndef KILN_RUNTIME_SCRATCH_H
#define KILN_RUNTIME_SCRATCH_H

/* A model was loaded / freed: while any is loaded, the blocks Halide frees
 * are kept for the next run; when the last is freed they are released. */
void kiln_internal_scratch_model_loaded(void);
void kiln_internal_scratch_model_freed(void);

#endif /* KILN_RUNTIME_SCRATCH_H */
