# NumPy's answers for the array API (tests/DaskSharp.Array.Tests/NumPyApiTests.cs), generated with
# Debian's NumPy 1.24: every case is a NumPy expression over the inputs below; the C# side computes
# the same expression on chunked arrays and compares dtype, shape and every value.
# Re-run with: /usr/bin/python3 numpy_api.py  (writes numpy_api.json)
import json
import warnings

import numpy as np

warnings.simplefilter("ignore")  # 0/0, all-NaN slices: NumPy warns, the values are what counts

n = np.arange(35)
f = ((n * 37 % 23) - 11).reshape(7, 5) / 4.0          # quarters in [-2.75, 2.75], halves included
g = ((n * 11 % 13) - 6).reshape(7, 5) / 2.0           # divisors with zeros and both signs
fn = f.copy()
fn.flat[[1, 8, 12, 20, 33]] = np.nan                  # scattered NaN
fnc = f.copy()
fnc[:, 3] = np.nan                                    # one all-NaN column
i = ((n * 29 % 19) - 9).reshape(7, 5).astype(np.int64)
j = ((n * 13 % 9) - 4).reshape(7, 5).astype(np.int64)  # integer divisors with zeros
i32 = i.astype(np.int32)
b = ((n * 7 % 5) < 2).reshape(7, 5)
u = ((n * 37 % 23) - 11).reshape(7, 5) / 12.0         # in (-1, 1)
p = 1 + (n * 37 % 23).reshape(7, 5) / 4.0             # >= 1
v = (np.arange(11) * 7 % 11) * 1.5 - 4                # distinct, for top-k
w5 = np.array([1.0, 2.0, 0.5, 3.0, 1.5])
w = 1 + (n % 4).reshape(7, 5) / 2.0
e = np.zeros((0, 4))
t3 = np.arange(24).reshape(2, 3, 4) * 0.5
vs = np.sort(v)


def ffill(a, axis, limit=None):
    """Dask's push (bottleneck.push): NaN replaced by the last value before it along the axis, at most limit steps."""
    out = np.moveaxis(a.copy(), axis, -1)
    for idx in np.ndindex(out.shape[:-1]):
        last, run = np.nan, 0
        for k in range(out.shape[-1]):
            if np.isnan(out[idx + (k,)]):
                run += 1
                if not np.isnan(last) and (limit is None or run <= limit):
                    out[idx + (k,)] = last
            else:
                last, run = out[idx + (k,)], 0
    return np.moveaxis(out, -1, axis)
inputs = dict(f=f, g=g, fn=fn, fnc=fnc, i=i, j=j, i32=i32, b=b, u=u, p=p, v=v, w5=w5, w=w, e=e, t3=t3, vs=vs)

cases = {
    # 1. Type promotion
    "BoolSumAxis0": "np.sum(f > 0.25, axis=0)",
    "BoolSumAll": "np.sum(b)",
    "BoolProdAxis1": "np.prod(b, axis=1)",
    "BoolCumSum": "np.cumsum(b, axis=0)",
    "Int32SumAxis0": "np.sum(i32, axis=0)",
    "Int32MeanAxis1": "np.mean(i32, axis=1)",
    "IntTrueDivide": "i / j",
    "IntTrueDivideScalar": "i / 7",
    "IntFloorDivide": "i // j",
    "IntFloorDivideScalar": "i // -4",
    "IntMod": "i % j",
    "IntModScalar": "i % -4",
    "IntFmod": "np.fmod(i, j)",
    "FloatFloorDivide": "f // g",
    "FloatMod": "f % g",
    "FloatFmod": "np.fmod(f, g)",
    "IntMeanAxis0": "np.mean(i, axis=0)",
    "IntMeanAll": "np.mean(i)",
    "BoolMean": "np.mean(b)",
    "IntVarAxis1Ddof1": "np.var(i, axis=1, ddof=1)",
    "IntStdAll": "np.std(i)",
    "IntSqrt": "np.sqrt(np.abs(i))",
    "IntExp": "np.exp(i)",
    "IntLog": "np.log(np.abs(i) + 1)",
    "IntSin": "np.sin(i)",
    "IntFloor": "np.floor(i)",
    "IntSign": "np.sign(i)",
    "IntSumDtypeFloat64": "np.sum(i, axis=1, dtype=np.float64)",
    "IntProdDtypeFloat64": "np.prod(i, axis=0, dtype=np.float64)",
    # 2. Operators
    "Equal": "f == g",
    "NotEqualScalar": "i != 3",
    "EqualScalarLeft": "0.5 == f",
    "LessScalarLeft": "0.5 < f",
    "GreaterEqualScalarLeft": "1 >= i",
    "BoolAnd": "b & (f > 0)",
    "BoolOr": "b | (f > 0)",
    "BoolXor": "b ^ (f > 0)",
    "BoolNot": "~b",
    "BoolInvert": "np.invert(b)",
    "BoolAndScalar": "b & True",
    "IntAnd": "i & j",
    "IntOr": "i | j",
    "IntXor": "i ^ j",
    "IntInvert": "~i",
    "IntAndScalar": "i & 6",
    "IntLeftShift": "np.abs(i) << 2",
    "IntRightShift": "i >> 1",
    "LogicalAnd": "np.logical_and(b, f > 0)",
    # 3. Reductions
    "MinAxes": "np.min(f, axis=(0, 1))",
    "MaxKeepDims": "np.max(f, axis=1, keepdims=True)",
    "ProdAxesKeepDims": "np.prod(g + 4, axis=(0,), keepdims=True)",
    "StdAxesDdof1": "np.std(f, axis=(0, 1), ddof=1)",
    "VarKeepDims": "np.var(f, axis=0, keepdims=True)",
    "SumIntAxes": "np.sum(i, axis=(1, 0))",
    "ArgMinKeepDims": "np.argmin(f, axis=1, keepdims=True)",
    "ArgMaxWithNaN": "np.argmax(fn)",
    "ArgMaxAxis0": "np.argmax(i, axis=0)",
    "AnyIntAxis0": "np.any(i, axis=0)",
    "AllFloatKeepDims": "np.all(f, axis=1, keepdims=True)",
    "AnyAxes": "np.any(f > 2.5, axis=(0, 1))",
    "AllBool": "np.all(b)",
    "NanSumAxis0": "np.nansum(fnc, axis=0)",
    "NanSumAll": "np.nansum(fn)",
    "NanSumAxesKeepDims": "np.nansum(fn, axis=(0, 1), keepdims=True)",
    "NanMeanAxis1": "np.nanmean(fn, axis=1)",
    "NanMeanAllNaNColumn": "np.nanmean(fnc, axis=0)",
    "NanMeanAll": "np.nanmean(fn)",
    "NanMinAxis0": "np.nanmin(fnc, axis=0)",
    "NanMaxAxis1": "np.nanmax(fn, axis=1)",
    "NanMaxAll": "np.nanmax(fn)",
    "NanProdAxis1": "np.nanprod(fn, axis=1)",
    "NanStdAxis0Ddof1": "np.nanstd(fn, axis=0, ddof=1)",
    "NanVarAxis1": "np.nanvar(fn, axis=1)",
    "NanVarAll": "np.nanvar(fn)",
    "NanArgMinAxis0": "np.nanargmin(fn, axis=0)",
    "NanArgMaxAll": "np.nanargmax(fn)",
    "NanCumSumAxis0": "np.nancumsum(fn, axis=0)",
    "NanCumProdAxis1": "np.nancumprod(fn, axis=1)",
    "CumProdIntAxis1": "np.cumprod(i, axis=1)",
    "CumSumFlat": "np.cumsum(i)",
    "CumProdFloatAxis0": "np.cumprod(g + 4, axis=0)",
    "PtpAxis0": "np.ptp(f, axis=0)",
    "PtpAll": "np.ptp(i)",
    "CountNonzeroAxis1": "np.count_nonzero(i, axis=1)",
    "CountNonzeroBool": "np.count_nonzero(b)",
    "AverageWeights1d": "np.average(f, axis=1, weights=w5)",
    "AverageWeightsFull": "np.average(f, weights=w)",
    "AverageInt": "np.average(i, axis=0)",
    "MedianAxis0": "np.median(f, axis=0)",
    "MedianAxis1KeepDims": "np.median(f, axis=1, keepdims=True)",
    "MedianIntAll": "np.median(i)",
    "MedianWithNaN": "np.median(fn, axis=0)",
    "NanMedianAxis1": "np.nanmedian(fn, axis=1)",
    "PercentileAxis1": "np.percentile(f, 30, axis=1)",
    "PercentileSeveral": "np.percentile(v, [10, 50, 95])",
    "QuantileAll": "np.quantile(f, 0.25)",
    "QuantileInt": "np.quantile(i, 0.9, axis=0)",
    "NanPercentileAxis0": "np.nanpercentile(fn, 75, axis=0)",
    "MomentAxis0": "np.mean((f - f.mean(axis=0)) ** 3, axis=0)",
    "TopK": "np.sort(v)[::-1][:3]",
    "TopKSmallest": "np.sort(v)[:2]",
    "TopKAxis1": "-np.sort(-f, axis=1)[:, :2]",
    "ArgTopK": "np.argsort(-v)[:3]",
    "EmptySumAxis0": "np.sum(e, axis=0)",
    "EmptyMeanAxis1": "np.mean(e, axis=1)",
    "EmptyMaxAxis1": "np.max(e, axis=1)",
    # 4. Elementwise functions
    "Round1": "np.round(f * 1.37, 1)",
    "RoundHalvesToEven": "np.round(f)",
    "RoundNegativeDecimals": "np.round(f * 100, -1)",
    "Rint": "np.rint(f * 1.5)",
    "Floor": "np.floor(f * 1.5)",
    "Ceil": "np.ceil(f * 1.5)",
    "Trunc": "np.trunc(f * 1.5)",
    "Sign": "np.sign(fn)",
    "Square": "np.square(f)",
    "Log10": "np.log10(p)",
    "Log2": "np.log2(p)",
    "Log1p": "np.log1p(u * 1e-9)",
    "Expm1": "np.expm1(u * 1e-9)",
    "Log1pLarge": "np.log1p(p)",
    "Expm1Large": "np.expm1(f)",
    "Tan": "np.tan(u)",
    "ArcSin": "np.arcsin(u)",
    "ArcCos": "np.arccos(u)",
    "ArcTan": "np.arctan(f)",
    "Sinh": "np.sinh(f)",
    "Cosh": "np.cosh(f)",
    "Tanh": "np.tanh(f)",
    "ArcSinh": "np.arcsinh(f)",
    "ArcCosh": "np.arccosh(p)",
    "ArcTanh": "np.arctanh(u)",
    "Cbrt": "np.cbrt(f)",
    "Degrees": "np.degrees(u)",
    "Radians": "np.radians(f)",
    "ArcTan2": "np.arctan2(f, g)",
    "ArcTan2Int": "np.arctan2(i, j)",
    "Hypot": "np.hypot(f, g)",
    "IsInf": "np.isinf(f / g)",
    "IsFinite": "np.isfinite(f / g)",
    "IsNaN": "np.isnan(f / g)",
    "IsPosInf": "np.isposinf(f / g)",
    "NanToNum": "np.nan_to_num(f / g)",
    "NanToNumValues": "np.nan_to_num(f / g, nan=-1.0, posinf=99.0, neginf=-99.0)",
    "Fmin": "np.fmin(fn, g)",
    "Fmax": "np.fmax(fn, g)",
    "ClipArrays": "np.clip(f, g, g + 2)",
    "WhereScalarElse": "np.where(f > 0, f, 0)",
    "WhereScalarThen": "np.where(f > 0, 0.0, f)",
    "WhereScalars": "np.where(b, 1, -1)",
    "ArangeStop": "np.arange(10)",
    "ArangeStep": "np.arange(2, 20, 3)",
    "ArangeDown": "np.arange(10, 0, -3)",
    "ArangeFloatStop": "np.arange(5.5)",
    "StackScalars": "np.stack([f.min(), f.max()])",
    # 5. Rearranging and building arrays
    "Flip": "np.flip(f)",
    "FlipAxis1": "np.flip(f, 1)",
    "FlipLR": "np.fliplr(f)",
    "FlipUD": "np.flipud(i)",
    "RollAxis0": "np.roll(f, 3, axis=0)",
    "RollFlat": "np.roll(i, -4)",
    "Rot90": "np.rot90(f)",
    "Rot90Three": "np.rot90(f, 3)",
    "SwapAxes": "np.swapaxes(t3, 0, 2)",
    "MoveAxis": "np.moveaxis(t3, 0, -1)",
    "RollAxis": "np.rollaxis(t3, 2)",
    "Repeat": "np.repeat(v, 2)",
    "RepeatAxis1": "np.repeat(f, 3, axis=1)",
    "Tile": "np.tile(v, 2)",
    "Tile2d": "np.tile(f, (2, 1))",
    "DiagonalAbove": "np.diagonal(f, 1)",
    "DiagonalBelow": "np.diagonal(f, -2)",
    "TraceInt": "np.trace(i)",
    "TraceBool": "np.trace(b)",
    "TraceFloatOffset": "np.trace(f, 1)",
    "DiffAxis0": "np.diff(f, axis=0)",
    "DiffTwice": "np.diff(i, n=2)",
    "EDiff1d": "np.ediff1d(f)",
    "BroadcastTo": "np.broadcast_to(w5, (3, 5))",
    "AtLeast2d": "np.atleast_2d(v)",
    "AtLeast3d": "np.atleast_3d(f)",
    "HStack": "np.hstack([f, g])",
    "VStack": "np.vstack([v, v])",
    "DStack": "np.dstack([f, g])",
    "Append": "np.append(f, g)",
    "AppendAxis0": "np.append(f, g, axis=0)",
    "ZerosLike": "np.zeros_like(i)",
    "OnesLike": "np.ones_like(f)",
    "FullLike": "np.full_like(i, 7)",
    "Eye": "np.eye(4, 6, 1)",
    "Tri": "np.tri(5, 4, -1)",
    "Tril": "np.tril(f, 1)",
    "Triu": "np.triu(i, -1)",
    "Diag1d": "np.diag(v, 2)",
    "Diag1dBelow": "np.diag(w5, -1)",
    "Diag2d": "np.diag(f)",
    "Outer": "np.outer(v, w5)",
    "VDot": "np.vdot(f, g)",
    "MeshGridX": "np.meshgrid(v, w5)[0]",
    "MeshGridY": "np.meshgrid(v, w5)[1]",
    "Indices": "np.indices((3, 4))",
    "FromFunction": "np.fromfunction(lambda a, b: a * 10 + b, (3, 4))",
    # 6. More elementwise functions
    "IsClose": "np.isclose(f, f + 1e-9)",
    "IsCloseFar": "np.isclose(f, g)",
    "IsCloseNaN": "np.isclose(fn, fn, equal_nan=True)",
    "AllClose": "np.allclose(f, f * (1 + 1e-7))",
    "IsNull": "np.isnan(fn)",
    "NotNull": "~np.isnan(fn)",
    "Real": "np.real(f)",
    "Imag": "np.imag(f)",
    "Conj": "np.conj(f)",
    "Angle": "np.angle(g)",
    "IsReal": "np.isreal(f)",
    "IsComplex": "np.iscomplex(f)",
    "FabsInt": "np.fabs(i)",
    "Positive": "np.positive(f)",
    "Reciprocal": "np.reciprocal(p)",
    "Exp2": "np.exp2(f)",
    "FloatPower": "np.float_power(i, j)",
    "CopySign": "np.copysign(f, g)",
    "SignBit": "np.signbit(g)",
    "NextAfter": "np.nextafter(f, g)",
    "Ldexp": "np.ldexp(f, j)",
    "FrexpMantissa": "np.frexp(f)[0]",
    "FrexpExponent": "np.frexp(f)[1]",
    "ModfFractional": "np.modf(f * 1.3)[0]",
    "ModfIntegral": "np.modf(f * 1.3)[1]",
    "Spacing": "np.spacing(f)",
    "Sinc": "np.sinc(f)",
    "Fix": "np.fix(f * 1.5)",
    "LogAddExp": "np.logaddexp(f, g)",
    "LogAddExp2": "np.logaddexp2(f, g)",
    "Digitize": "np.digitize(f, [-1, 0, 0.5, 2])",
    "DigitizeRight": "np.digitize(f, [-1, 0, 0.5, 2], right=True)",
    "IsIn": "np.isin(i, [1, 3, -9])",
    "Select": "np.select([f < 0, f > 1], [f * 2, g], -1.0)",
    "Choose": "np.choose(np.abs(j) % 3, [f, g, f * 10])",
    "Extract": "np.extract(f > 1, f)",
    "FlatNonzero": "np.flatnonzero(i)",
    "Histogram": "np.histogram(f, 5, range=(-2, 2))[0]",
    # 7. Index arithmetic, sets, statistics of rows, padding, gradients
    "NonzeroRows": "np.nonzero(i)[0]",
    "NonzeroCols": "np.nonzero(i)[1]",
    "Vindex": "f[[0, 6, 3, -1], [4, 0, 2, -2]]",
    "UnravelIndexCols": "np.unravel_index(np.array([0, 7, 34, 12]), (7, 5))[1]",
    "RavelMultiIndex": "np.ravel_multi_index((np.array([0, 6, 3]), np.array([4, 0, 2])), (7, 5))",
    "TrilIndicesRows": "np.tril_indices(4, 1)[0]",
    "TrilIndicesCols": "np.tril_indices(4, 1)[1]",
    "TriuIndicesFromCols": "np.triu_indices_from(f, -1)[1]",
    "DeleteAxis1": "np.delete(f, [0, 3], axis=1)",
    "DeleteFlat": "np.delete(v, [-1, 2])",
    "InsertAxis0": "np.insert(f, 2, 9.5, axis=0)",
    "Compress": "np.compress([True, False, True, True], f, axis=0)",
    "Unique": "np.unique(i)",
    "UniqueWithNaN": "np.unique(fn)",
    "Union1d": "np.union1d(i, j)",
    "BinCount": "np.bincount(np.abs(i).ravel(), minlength=12)",
    "Cov": "np.cov(f)",
    "CorrCoef": "np.corrcoef(f)",
    "Pad": "np.pad(f, 2, constant_values=-1)",
    "PadWidths": "np.pad(i, ((1, 0), (0, 2)))",
    "GradientAxis0": "np.gradient(f, axis=0)",
    "Gradient1d": "np.gradient(v)",
    "Block": "np.block([[f, g], [g, f]])",
    "CoarsenSum": "f[:6, :4].reshape(3, 2, 2, 2).sum(axis=(1, 3))",
    "Norm": "np.linalg.norm(f)",
    "NormOrd1Axis0": "np.linalg.norm(f, ord=1, axis=0)",
    "NormInf": "np.linalg.norm(v, np.inf)",
    # 8. Functions of functions, search, views, moves between blocks
    "ArgWhere": "np.argwhere(i)",
    "View": "f.view(np.int64)",
    "Partition4": "f[3:6, 2:4]",
    "Shuffle": "np.take(v, [3, 0, 7, 1, 2], axis=0)",
    "PushAxis0": "ffill(fn, 0)",
    "PushAxis1Limit1": "ffill(fnc.T.copy(), 1, 1)",
    "Piecewise": "np.piecewise(f, [f < 0, f > 1], [lambda t: -t, lambda t: t * 2])",
    "PiecewiseOtherwise": "np.piecewise(f, [f < 0], [lambda t: t * 3, lambda t: t + 100])",
    "ApplyAlongAxis": "np.apply_along_axis(np.cumsum, 1, f)",
    "ApplyAlongAxisNewLength": "np.apply_along_axis(lambda s: np.array([s.min(), s.max()]), 0, f)",
    "ApplyOverAxes": "np.apply_over_axes(np.sum, f, [0, 1])",
    "SearchSorted": "np.searchsorted(vs, f)",
    "SearchSortedRight": "np.searchsorted(vs, np.round(f * 4) - 4, side='right')",
    "Histogram2d": "np.histogram2d(f.ravel(), g.ravel(), 4, range=[[-2, 2], [-3, 3]])[0]",
    "HistogramDd": "np.histogramdd(np.stack([f.ravel(), g.ravel(), w.ravel()], 1), bins=[2, 3, 2], range=[(-2, 2), (-3, 3), (1, 3)])[0]",
    "I0": "np.i0(f * 3)",
    "IndexFromEnd": "f[-1]",
    "IndexFromEndAndRange": "f[-2, 1:]",
    "IndexFromEndInt": "i[1:, -3]",
}


def encode(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        values = ["true" if x else "false" for x in a.ravel()]
    elif np.issubdtype(a.dtype, np.integer):
        values = [str(int(x)) for x in a.ravel()]
    else:
        values = ["NaN" if np.isnan(x) else "Infinity" if x == np.inf else "-Infinity" if x == -np.inf else repr(float(x)) for x in a.ravel()]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "values": values}


def dtype_of(expression, a):
    try:
        return str(np.asarray(eval(expression)).dtype)
    except TypeError:
        return "error"  # NumPy refuses the operation for this type


promotion = {}
for t in ["float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool"]:
    a = np.ones(3, dtype=t)
    promotion[t] = {k: dtype_of(x, a) for k, x in {
        "sum": "np.sum(a)", "prod": "np.prod(a)", "cumsum": "np.cumsum(a)", "nansum": "np.nansum(a)",
        "mean": "np.mean(a)", "var": "np.var(a)", "median": "np.median(a)", "average": "np.average(a)",
        "true_divide": "a / a", "sqrt": "np.sqrt(a)", "exp": "np.exp(a)", "floor": "np.floor(a)",
        "arctan2": "np.arctan2(a, a)", "percentile": "np.percentile(a, 50)", "quantile": "np.quantile(a, 0.5)",
    }.items()}

names = ["float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool"]
binary = {a: {b: str(np.promote_types(a, b)) for b in names} for a in names}

out = {
    "numpy": np.__version__,
    "binary_promotion": binary,
    "inputs": {k: encode(x) for k, x in inputs.items()},
    "cases": {k: {"expression": expr, **encode(eval(expr))} for k, expr in cases.items()},
    "promotion": promotion,
}
with open("numpy_api.json", "w") as fh:
    json.dump(out, fh, indent=0)
