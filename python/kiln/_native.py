"""_native.py — the C runtime's types and functions, through ctypes.

Mirrors runtime/include/kiln/runtime.h (the structs a model's header fills
and the calls the module makes); keep the two in step.
"""
import ctypes

KILN_MAX_RANK = 8
KILN_FLOAT32, KILN_UINT8 = 0, 1


class TensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.c_int64 * KILN_MAX_RANK),
                ("offset", ctypes.c_uint64),
                ("type", ctypes.c_int)]

    def dims(self):
        return tuple(self.shape[d] for d in range(self.rank))


class ModelInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p),
                ("pipeline_argv", ctypes.c_void_p),
                ("num_inputs", ctypes.c_int32),
                ("inputs", ctypes.POINTER(TensorInfo)),
                ("num_outputs", ctypes.c_int32),
                ("outputs", ctypes.POINTER(TensorInfo)),
                ("num_weights", ctypes.c_int32),
                ("weights", ctypes.POINTER(TensorInfo)),
                ("weights_file_size", ctypes.c_uint64),
                ("weights_layout", ctypes.c_uint64),
                ("device_interface", ctypes.c_void_p),
                ("num_parts", ctypes.c_int32),
                ("parts", ctypes.c_void_p),
                ("scratch_pipeline_bytes", ctypes.c_uint64),
                ("scratch_part_bytes", ctypes.c_uint64),
                ("scratch_thread_bytes", ctypes.c_uint64)]


def declare(library):
    """Declares the runtime's functions the module calls on `library`."""
    info = library.kiln_python_info
    info.restype = ctypes.POINTER(ModelInfo)
    info.argtypes = []
    load = library.kiln_model_load
    load.restype = ctypes.c_int
    load.argtypes = [ctypes.POINTER(ModelInfo), ctypes.c_char_p,
                     ctypes.POINTER(ctypes.c_void_p)]
    from_memory = library.kiln_model_load_from_memory
    from_memory.restype = ctypes.c_int
    from_memory.argtypes = [ctypes.POINTER(ModelInfo), ctypes.c_void_p,
                            ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)]
    run = library.kiln_model_run_typed
    run.restype = ctypes.c_int
    run.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                    ctypes.POINTER(ctypes.c_size_t),
                    ctypes.POINTER(ctypes.c_void_p),
                    ctypes.POINTER(ctypes.c_size_t)]
    free = library.kiln_model_free
    free.restype = None
    free.argtypes = [ctypes.c_void_p]
    threads = library.kiln_set_num_threads
    threads.restype = ctypes.c_int
    threads.argtypes = [ctypes.c_int]
    error = library.kiln_last_error
    error.restype = ctypes.c_char_p
    error.argtypes = []
