# Generated once with NumPy 1.24 (Debian 12): the files here are NumPy's own output, so the tests
# check DaskSharp against NumPy's semantics and its .npy bytes, not against DaskSharp itself.
# Re-run with: /usr/bin/python3 generate.py
import numpy as np

rng = np.random.default_rng(20261128)
x = np.round(rng.normal(size=(6, 6)) * 10, 3)
np.save("x.npy", x)
np.save("x_plus_xT_minus_mean0.npy", (x + x.T) - x.mean(axis=0))
np.save("std_axis1_ddof1.npy", x.std(axis=1, ddof=1))
np.save("var_all.npy", np.array(x.var()))
np.save("remainder_by_3.npy", np.remainder(x, 3.0))
np.save("slice_rev_step2.npy", x[::-2, 1:5:2])
np.save("positive_mask.npy", x[x > 0])
np.save("reshape_4_9.npy", x.reshape(4, 9))
np.save("int32_2x3.npy", np.arange(6, dtype=np.int32).reshape(2, 3))
np.save("fortran_f4.npy", np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4)))
np.save("bool_5.npy", np.array([True, False, True, True, False]))
np.save("uint8_scalar.npy", np.array(7, dtype=np.uint8))
