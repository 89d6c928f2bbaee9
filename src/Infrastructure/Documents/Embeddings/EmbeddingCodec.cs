using System.Runtime.InteropServices;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>Embeddings at rest: little-endian float32, the same bytes on both providers.</summary>
public static class EmbeddingCodec
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        EnsureLittleEndian();
        return MemoryMarshal.AsBytes(vector).ToArray();
    }

    public static float[] FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    /// <summary>How many floats <paramref name="bytes"/> hold, or -1 when the length is not a whole number of them.</summary>
    public static int Dimensions(ReadOnlySpan<byte> bytes) => bytes.Length % sizeof(float) == 0 ? bytes.Length / sizeof(float) : -1;

    /// <summary>Decodes into memory the caller owns, so loading many vectors makes no array per vector.</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        EnsureLittleEndian();
        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Embeddings are stored little-endian.");
        }
    }
}
