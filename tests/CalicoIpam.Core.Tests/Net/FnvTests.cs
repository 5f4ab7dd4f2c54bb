using System.Text;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Net;

public class FnvTests
{
    // Go go1.19.8 src/hash/fnv/fnv_test.go, golden32: the big-endian Sum bytes of New32().
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0x050c5d7eu)]
    [InlineData("ab", 0x70772d38u)]
    [InlineData("abc", 0x439c2f4bu)]
    public void Fnv1MatchesGoGolden32(string input, uint expected)
    {
        Assert.Equal(expected, Fnv.Fnv1Hash32(input));
        Assert.Equal(expected, Fnv.Fnv1Hash32(Encoding.UTF8.GetBytes(input)));
    }

    // Go go1.19.8 src/hash/fnv/fnv_test.go, golden32a: the big-endian Sum bytes of New32a().
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("ab", 0x4d2505cau)]
    [InlineData("abc", 0x1a47e90bu)]
    public void Fnv1aMatchesGoGolden32a(string input, uint expected)
    {
        Assert.Equal(expected, Fnv.Fnv1aHash32(input));
        Assert.Equal(expected, Fnv.Fnv1aHash32(Encoding.UTF8.GetBytes(input)));
    }

    // shared/reference/calico-ipam.md §3.5, column "FNV-1 32" (checked there against Calico's
    // determineSeed run under Go 1.19).
    [Theory]
    [InlineData("node-1", 568266919u)]
    [InlineData("node-2", 568266916u)]
    [InlineData("worker-1", 2999756865u)]
    [InlineData("kind-worker", 801257890u)]
    [InlineData("testHost", 2118914743u)]
    [InlineData("master-0", 3380595272u)]
    [InlineData("", 2166136261u)]
    public void Fnv1MatchesCalicoSeedVectors(string hostname, uint expected)
    {
        Assert.Equal(expected, Fnv.Fnv1Hash32(hostname));
    }

    [Fact]
    public void Fnv1AndFnv1aDifferOnNonEmptyInput()
    {
        // Guards against the easy mistake of using one for the other.
        Assert.NotEqual(Fnv.Fnv1Hash32("node-1"), Fnv.Fnv1aHash32("node-1"));
    }
}
