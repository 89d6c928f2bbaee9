using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Vectors quantised to one signed byte per dimension with one scale per vector (the largest component maps to
/// ±127), and their dot product in 32-bit integers with SIMD. A 384-dimension vector is 388 bytes instead of 1,536,
/// so a scan reads a quarter of the memory; the ranking it gives is close to the exact one and is re-ranked with
/// the exact vectors (<see cref="VectorSearch"/>).
/// </summary>
internal static class Int8Vectors
{
    /// <summary>Writes <paramref name="vector"/>'s codes into <paramref name="codes"/>; returns its scale (0 for a zero vector).</summary>
    public static float Quantise(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        if (codes.Length != vector.Length)
        {
            throw new ArgumentException("One code per dimension.", nameof(codes));
        }

        var largest = TensorPrimitives.MaxMagnitude(vector);
        largest = MathF.Abs(largest);
        if (largest <= 0 || !float.IsFinite(largest))
        {
            codes.Clear();
            return 0;
        }

        var toCode = 127f / largest;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * toCode), -127f, 127f);
        }

        return largest / 127f;
    }

    /// <summary>The integer dot product of two code vectors of one length (AVX2 where there is one, else portable SIMD).</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Both vectors need the same length.", nameof(b));
        }

        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= Vector256<sbyte>.Count)
        {
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var x = Vector256.LoadUnsafe(ref left, (nuint)i);
                var y = Vector256.LoadUnsafe(ref right, (nuint)i);

                // Sign-extended to 16 bits, multiplied and summed in adjacent pairs into 32 bits: cannot overflow.
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(x.GetLower()), Avx2.ConvertToVector256Int16(y.GetLower())));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(x.GetUpper()), Avx2.ConvertToVector256Int16(y.GetUpper())));
            }

            sum = Vector256.Sum(total);
        }
        else if (Vector.IsHardwareAccelerated && a.Length >= Vector<sbyte>.Count)
        {
            var total = Vector<int>.Zero;
            for (; i <= a.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref left, (nuint)i), out var xLow, out var xHigh);
                Vector.Widen(Vector.LoadUnsafe(ref right, (nuint)i), out var yLow, out var yHigh);
                total += WidenedProduct(xLow, yLow) + WidenedProduct(xHigh, yHigh);
            }

            sum = Vector.Sum(total);
        }

        for (; i < a.Length; i++)
        {
            sum += Unsafe.Add(ref left, i) * Unsafe.Add(ref right, i);
        }

        return sum;
    }

    /// <summary>The scalar reference of <see cref="Dot"/>.</summary>
    internal static int DotScalar(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Products of two codes fit 16 bits (|±127 × ±127| ≤ 16,129); their sums need 32.</summary>
    private static Vector<int> WidenedProduct(Vector<short> x, Vector<short> y)
    {
        Vector.Widen(x * y, out var low, out var high);
        return low + high;
    }
}
