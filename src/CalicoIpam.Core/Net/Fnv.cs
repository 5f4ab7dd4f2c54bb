using System;
using System.Text;

namespace CalicoIpam.Core.Net;

/// <summary>
/// 32-bit Fowler–Noll–Vo hashes, matching Go's hash/fnv <c>New32</c> (FNV-1) and <c>New32a</c>
/// (FNV-1a). Calico seeds its block search with FNV-1 of the node name; Kubernetes derives the
/// pod-template-hash label with FNV-1a. The two differ only in the order of multiply and XOR, and
/// mixing them up gives plausible but wrong numbers, so both live here side by side.
/// </summary>
public static class Fnv
{
    /// <summary>FNV offset basis for 32-bit hashes (2166136261).</summary>
    public const uint OffsetBasis32 = 2166136261;

    /// <summary>FNV prime for 32-bit hashes (16777619).</summary>
    public const uint Prime32 = 16777619;

    /// <summary>FNV-1: for each byte, multiply then XOR (Go's <c>fnv.New32</c>).</summary>
    public static uint Fnv1Hash32(byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }
        uint hash = OffsetBasis32;
        foreach (byte b in data)
        {
            hash = unchecked(hash * Prime32);
            hash ^= b;
        }
        return hash;
    }

    /// <summary>
    /// FNV-1 of the string's UTF-8 bytes, which is what Go hashes for <c>[]byte(s)</c> of a valid
    /// UTF-8 string (Kubernetes object names always are).
    /// </summary>
    public static uint Fnv1Hash32(string text) => Fnv1Hash32(Utf8(text));

    /// <summary>FNV-1a: for each byte, XOR then multiply (Go's <c>fnv.New32a</c>).</summary>
    public static uint Fnv1aHash32(byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }
        uint hash = OffsetBasis32;
        foreach (byte b in data)
        {
            hash ^= b;
            hash = unchecked(hash * Prime32);
        }
        return hash;
    }

    /// <summary>FNV-1a of the string's UTF-8 bytes.</summary>
    public static uint Fnv1aHash32(string text) => Fnv1aHash32(Utf8(text));

    private static byte[] Utf8(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }
        return Encoding.UTF8.GetBytes(text);
    }
}
