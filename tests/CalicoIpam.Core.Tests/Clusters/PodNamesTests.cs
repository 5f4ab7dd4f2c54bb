using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Names as Kubernetes makes them (calico-routes-validation.md §6): ReplicaSet
/// &lt;deployment&gt;-&lt;pod-template-hash&gt; (controller.ComputeHash: FNV-1a 32, decimal,
/// rand.SafeEncodeString), pods &lt;replicaset&gt;-&lt;5 of rand.String's alphabet&gt;
/// (names.SimpleNameGenerator), drawn from the cluster's seed.
/// </summary>
public sealed class PodNamesTests
{
    // ---- SafeEncodeString and FNV-1a (§6 test vectors) ------------------------------------------

    [Theory]
    [InlineData("", 2166136261u, "65bb57b6b5")]
    [InlineData("a", 3826002220u, "7d6b446664")]
    [InlineData("foobar", 3214735720u, "7658c79c64")]
    public void SafeEncodeOfFnv1aDecimal_MatchesTheReferenceVectors(string input, uint fnv, string encoded)
    {
        Assert.Equal(fnv, Fnv.Fnv1aHash32(input));
        Assert.Equal(encoded, PodNames.SafeEncodeString(fnv.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void SafeEncodeString_MapsEachDigitAsKubernetesDoes()
    {
        // alphanums[int(c) % 27]: '0' is 48 → 48 % 27 = 21 → '4', ... '9' is 57 → 3 → 'f'.
        Assert.Equal("456789bcdf", PodNames.SafeEncodeString("0123456789"));
        Assert.Equal("84c7855fd4", PodNames.SafeEncodeString("4073411980"));
    }

    [Fact]
    public void SafeEncodeString_UsesTheAlphabetForAnyCharacter()
    {
        Assert.Equal(Alphanums, PodNames.Alphabet);
        // 'a' is 97 → 97 % 27 = 16 → 'v'; 'z' is 122 → 14 → 's'.
        Assert.Equal("vs", PodNames.SafeEncodeString("az"));
    }

    // ---- ReplicaSet names -------------------------------------------------------------------

    [Fact]
    public void ReplicaSetIsDeploymentDashHash_AndTheHashUsesOnlyTheDigitAlphabet()
    {
        var cluster = WithPool();
        cluster.Node("node-1");

        var deployment = cluster.Deploy("web", 2);

        var rs = Assert.Single(cluster.GetReplicaSets("default"));
        Assert.Equal("web-" + rs.Hash, rs.Name);
        Assert.Equal(rs.Name, deployment.CurrentReplicaSet);
        Assert.Equal(deployment.Template.Hash, rs.Hash);
        Assert.InRange(rs.Hash.Length, 1, 10);
        Assert.All(rs.Hash, c => Assert.Contains(c, HashAlphabet));
        // The hash is SafeEncodeString of an FNV-1a value in decimal: it decodes to a uint32.
        var digits = new string(rs.Hash.Select(c => (char)('0' + HashAlphabet.IndexOf(c))).ToArray());
        Assert.True(uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value));
        Assert.Equal(rs.Hash, PodNames.SafeEncodeString(value.ToString(CultureInfo.InvariantCulture)));
        // The pod-template-hash label is on the pods (and the ReplicaSet's template).
        Assert.All(cluster.GetPods("default"), p => Assert.Equal(rs.Hash, p.Labels["pod-template-hash"]));
        Assert.Equal(rs.Hash, rs.Template.Labels["pod-template-hash"]);
    }

    [Fact]
    public void TheSameTemplate_GivesTheSameHash_WhateverTheMapOrder()
    {
        var a = new PodTemplate
        {
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
            Annotations = new Dictionary<string, string> { ["x"] = "1", ["a"] = "2" },
            Containers = new[] { new Container("web", "nginx") },
        };
        var b = new PodTemplate
        {
            Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" },
            Annotations = new Dictionary<string, string> { ["a"] = "2", ["x"] = "1" },
            Containers = new[] { new Container("web", "nginx") },
        };

        Assert.Equal(a.Hash, b.Hash);
        Assert.True(a.SameAs(b));
    }

    [Fact]
    public void AnyTemplateChange_GivesANewHash()
    {
        var baseline = Template("web");
        var changes = new[]
        {
            baseline with { Labels = Labels.Copy(Map(("app", "web"), ("v", "2"))) },
            baseline with { Annotations = Labels.Copy(Map((Ipv4Pools, "[\"pool2\"]"))) },
            baseline with { NodeSelector = Labels.Copy(Map(("zone", "a"))) },
            baseline with { Containers = new[] { new Container("web", "nginx:1.27") } },
            baseline with { Containers = new[] { new Container("web2", "nginx") } },
        };

        var hashes = changes.Select(t => t.Hash).Prepend(baseline.Hash).ToList();

        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void TwoDeploymentsWithTheSameTemplate_ShareTheHash_ButNotTheName()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.CreateNamespace("other");

        cluster.Deploy("web", 1);
        cluster.Deploy("web", 1, "other");

        var names = cluster.GetReplicaSets().Select(r => r.Namespace + "/" + r.Name).ToList();
        var hash = cluster.GetReplicaSets().Select(r => r.Hash).Distinct().Single();
        Assert.Equal(new[] { "default/web-" + hash, "other/web-" + hash }, names);
    }

    // ---- pod names --------------------------------------------------------------------------

    [Fact]
    public void PodNames_AreTheReplicaSetNameDashFiveAlphabetCharacters()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.Node("node-2");

        cluster.Deploy("web", 20);

        var rs = Assert.Single(cluster.GetReplicaSets("default")).Name;
        var pods = cluster.GetPods("default");
        Assert.Equal(20, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith(rs + "-", p.Name);
            var suffix = p.Name.Substring(rs.Length + 1);
            Assert.Equal(5, suffix.Length);
            Assert.All(suffix, c => Assert.Contains(c, Alphanums));
            Assert.Equal(rs, p.ReplicaSet);
        });
        Assert.Equal(20, pods.Select(p => p.Name).Distinct().Count());
    }

    [Fact]
    public void Generate_CutsTheBaseTo58Characters_AsSimpleNameGeneratorDoes()
    {
        var random = new DeterministicRandom(7);
        var prefix = new string('a', 70) + "-";

        var name = PodNames.Generate(prefix, random);

        Assert.Equal(63, name.Length);
        Assert.StartsWith(new string('a', 58), name);
        Assert.All(name.Substring(58), c => Assert.Contains(c, Alphanums));
    }

    [Fact]
    public void Generate_DrawsEveryAlphabetCharacter_AndNothingElse()
    {
        var random = new DeterministicRandom(3);
        var seen = new HashSet<char>();
        for (var i = 0; i < 400; i++)
        {
            foreach (var c in PodNames.Generate("x-", random).Substring(2))
            {
                seen.Add(c);
            }
        }

        Assert.Equal(Alphanums.OrderBy(c => c), seen.OrderBy(c => c));
    }

    [Fact]
    public void TheSameSeed_GivesTheSameNamesAndAddresses()
    {
        static string[] Run(int seed)
        {
            var cluster = WithPool(seed: seed);
            cluster.Node("node-1");
            cluster.Node("node-2");
            cluster.Deploy("web", 4);
            cluster.DeletePod("default", cluster.GetPods("default")[0].Name);
            return cluster.GetPods().Select(p => $"{p.Name} {p.IP} {p.Node} {p.ContainerId}").ToArray();
        }

        Assert.Equal(Run(42), Run(42));
        Assert.Equal(LabCluster.Create(5).GetPods().Select(p => (p.Name, p.IP)), LabCluster.Create(5).GetPods().Select(p => (p.Name, p.IP)));
    }

    [Fact]
    public void ADifferentSeed_GivesDifferentSuffixes_ButTheSameHashesAndAddresses()
    {
        var one = LabCluster.Create(1).GetPods();
        var two = LabCluster.Create(2).GetPods();

        // Same templates → same ReplicaSets; placement and Calico's choices do not depend on
        // the seed, so each ReplicaSet has the same nodes and addresses.
        static string[] Layout(IEnumerable<Pod> pods) =>
            pods.Select(p => $"{p.ReplicaSet} {p.Node} {p.IP}").OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(Layout(one), Layout(two));
        static string[] Suffixes(IEnumerable<Pod> pods) => pods.Select(p => p.Name.Substring(p.ReplicaSet.Length + 1)).ToArray();
        Assert.Empty(Suffixes(one).Intersect(Suffixes(two)));
    }
}
