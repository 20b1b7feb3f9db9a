# NumPy's answers for the FFT kernels and Fft (tests/DaskSharp.Array.Tests/FftKernelTests.cs,
# FftTests.cs), generated with Debian's NumPy: the inputs are written too, so both sides transform
# the same numbers. Re-run with: /usr/bin/python3 numpy_fft.py  (writes numpy_fft.json)
import json

import numpy as np


def signal(n):
    k = np.arange(n)
    return ((k * 37 % 23) - 11) / 4.0 + 1j * (((k * 11 % 13) - 6) / 2.0)


def parts(z):
    z = np.asarray(z)
    out = {"shape": list(z.shape), "re": np.real(z).ravel().tolist()}
    if np.iscomplexobj(z):
        out["im"] = np.imag(z).ravel().tolist()
    return out


kernels = {}
for n in [1, 2, 3, 5, 8, 12, 1000, 1024]:
    x = signal(n)
    half = np.fft.fft(x.real)[: n // 2 + 1]
    kernels[str(n)] = {
        "x": parts(x),
        "fft": parts(np.fft.fft(x)),
        "ifft": parts(np.fft.ifft(x)),
        "rfft": parts(np.fft.rfft(x.real)),
        "irfft": parts(np.fft.irfft(x[: n // 2 + 1], n)),  # a spectrum that is not Hermitian: imaginary DC/Nyquist ignored
        "irfft_roundtrip": parts(np.fft.irfft(half, n)),
        "fft_ortho": parts(np.fft.fft(x, norm="ortho")),
        "ifft_forward": parts(np.fft.ifft(x, norm="forward")),
    }

t = signal(84).real.reshape(7, 12)
c = signal(84).reshape(7, 12)
t3 = signal(60).real.reshape(3, 4, 5)
c3 = signal(60).reshape(3, 4, 5)
inputs = dict(t=t, c=c, t3=t3, c3=c3)

cases = {
    "FftAxis1": "np.fft.fft(t)",
    "FftAxis0Padded": "np.fft.fft(c, n=10, axis=0)",
    "FftTruncated": "np.fft.fft(c, n=5, axis=1)",
    "IfftAxis0": "np.fft.ifft(c, axis=0)",
    "IfftReal": "np.fft.ifft(t, axis=1)",
    "FftOrtho": "np.fft.fft(c, axis=1, norm='ortho')",
    "RfftAxis0N8": "np.fft.rfft(t, n=8, axis=0)",
    "Rfft": "np.fft.rfft(t)",
    "Irfft": "np.fft.irfft(c)",
    "IrfftN12Axis0": "np.fft.irfft(c, n=12, axis=0)",
    "Hfft": "np.fft.hfft(c)",
    "HfftN9Axis0": "np.fft.hfft(c, n=9, axis=0)",
    "Ihfft": "np.fft.ihfft(t)",
    "IhfftOrthoAxis0": "np.fft.ihfft(t, axis=0, norm='ortho')",
    "Fftfreq": "np.fft.fftfreq(9, 0.5)",
    "FftfreqEven": "np.fft.fftfreq(10)",
    "Rfftfreq": "np.fft.rfftfreq(10, 0.1)",
    "RfftfreqOdd": "np.fft.rfftfreq(7)",
    "Fftshift": "np.fft.fftshift(t)",
    "FftshiftAxis0": "np.fft.fftshift(c, axes=0)",
    "Ifftshift": "np.fft.ifftshift(t)",
    "IfftshiftAxis1": "np.fft.ifftshift(c, axes=1)",
    "Fft2": "np.fft.fft2(c)",
    "Ifft2": "np.fft.ifft2(c)",
    "Rfft2": "np.fft.rfft2(t)",
    "Irfft2": "np.fft.irfft2(c)",
    "Fftn": "np.fft.fftn(c3)",
    "FftnAxes": "np.fft.fftn(c3, s=(6, 4), axes=(0, 2))",
    "Ifftn": "np.fft.ifftn(c3)",
    "Rfftn": "np.fft.rfftn(t3)",
    "Irfftn": "np.fft.irfftn(c3)",
    "IrfftnS": "np.fft.irfftn(c3, s=(4, 8), axes=(1, 2))",
}

env = dict(np=np, **inputs)
out = {
    "kernels": kernels,
    "inputs": {k: parts(v) for k, v in inputs.items()},
    "cases": {k: dict(expression=e, **parts(eval(e, env))) for k, e in cases.items()},
}
with open("numpy_fft.json", "w") as fh:
    json.dump(out, fh)
