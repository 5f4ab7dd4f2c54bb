using System;
using System.Linq;
using System.Text;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// Issue 6, Deliver 5 and Done when: malformed YAML and an alias bomb are refused quickly, with
/// positions; size and depth are limited; a field of the wrong type is refused with the field
/// and its position; and a refused document leaves the cluster exactly as it was.
/// </summary>
public sealed class YamlSafetyTests
{
    // The classic "billion laughs": nine levels of nine aliases, 9^9 (387,420,489) strings.
    private const string BillionLaughs =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        + "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        + "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
        + "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

    // ---- malformed YAML ----------------------------------------------------------------------

    [Theory]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n   bad: [1, 2\n", 5, 7)]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: {name: x\n", 4, 1)]
    [InlineData("apiVersion: v1\n- kind: Namespace\n", 2, 1)]
    [InlineData("apiVersion: v1\nkind: \"Namespace\nmetadata:\n", 2, 7)]
    public void MalformedYaml_IsRefused_WithLineAndColumn(string yaml, int line, int column)
    {
        var error = Assert.Throws<YamlFormatException>(() => ManifestReader.Read(yaml, "bad.yaml"));

        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.EndsWith($"(line {line}, column {column})", error.Message);
    }

    [Fact]
    public void MalformedYaml_AfterGoodDocuments_AppliesNothingOfThatText()
    {
        var cluster = LabNodesAndPool();
        var before = Snapshot(cluster);
        var text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: good\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x\n";

        Assert.Throws<YamlFormatException>(() => Apply(cluster, text));

        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void UnknownAlias_IsRefused_WithItsPosition()
    {
        var error = Assert.Throws<YamlFormatException>(() => ManifestReader.Read("a: 1\nb: *nowhere\n", "x.yaml"));

        Assert.Equal(2, error.Line);
        Assert.Equal(4, error.Column);
    }

    // ---- limits ---------------------------------------------------------------------------------

    [Fact]
    public void AliasBomb_IsRefused_BeforeItExpands_WithItsPosition()
    {
        // Counting each alias as the nodes it stands for stops the bomb at its eighth line; an
        // expanding reader would build hundreds of millions of nodes (and never get here).
        var error = Assert.Throws<YamlFormatException>(() => ManifestReader.Read(BillionLaughs, "bomb.yaml"));

        Assert.Contains("expands to more than 2000000 nodes", error.Message);
        Assert.Contains("aliases counted each time they are used", error.Message);
        Assert.Equal(7, error.Line);
        Assert.True(error.Column > 0);
    }

    [Fact]
    public void AliasBomb_InsideAManifest_AppliesNothing()
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);
        var text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n  namespace: default\ndata:\n"
            + string.Join("", BillionLaughs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l + "\n"));

        Assert.Throws<YamlFormatException>(() => Apply(cluster, text));

        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void Aliases_WithinTheLimit_AreExpanded()
    {
        var documents = ManifestReader.Read(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels: &l\n    a: b\n  annotations: *l\n", "x.yaml");

        var metadata = (YamlMapping)documents.Single().Root["metadata"]!;
        Assert.Equal("b", ((YamlScalar)((YamlMapping)metadata["annotations"]!)["a"]!).Value);
    }

    [Fact]
    public void TooManyNodes_WithoutAliases_AreRefused_ByTheNodeLimit()
    {
        var text = new StringBuilder("items:\n");
        for (var i = 0; i < 200; i++)
        {
            text.Append("- ").Append(i).Append('\n');
        }

        var error = Assert.Throws<YamlFormatException>(() => YamlCodec.Current.Parse(text.ToString(), new YamlLimits { MaxNodes = 100 }));

        Assert.Contains("more than 100 nodes", error.Message);
    }

    [Fact]
    public void DeepNesting_IsRefused_AtTheDepthLimit()
    {
        var yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: deep\n  labels: " + new string('[', 100) + new string(']', 100) + "\n";

        var error = Assert.Throws<YamlFormatException>(() => ManifestReader.Read(yaml, "deep.yaml"));

        Assert.Contains("nests deeper than the limit of 64", error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void DeepNesting_InBlockStyle_IsRefused()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 70; i++)
        {
            text.Append(new string(' ', 2 * i)).Append('k').Append(i).Append(":\n");
        }
        text.Append(new string(' ', 140)).Append("leaf: x\n");

        Assert.Throws<YamlFormatException>(() => ManifestReader.Read(text.ToString(), "deep.yaml"));
    }

    [Fact]
    public void NestingAtTheLimit_IsRead()
    {
        var yaml = "a: " + new string('[', 62) + new string(']', 62) + "\n";

        Assert.Single(YamlCodec.Current.Parse(yaml, YamlLimits.Default));
    }

    [Fact]
    public void OversizedText_IsRefused_BeforeItIsParsed()
    {
        var text = "a: " + new string('x', 200) + "\n";

        var error = Assert.Throws<YamlFormatException>(() => YamlCodec.Current.Parse(text, new YamlLimits { MaxCharacters = 100 }));

        Assert.Contains("more than the limit of 100", error.Message);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    // ---- wrong field types ------------------------------------------------------------------------

    [Fact]
    public void DisabledAsAQuotedString_IsRefused_NamingTheFieldAndPosition()
    {
        // calico-routes-validation.md §1.4: `disabled: 'True'` is a string where IPPoolSpec has a
        // bool; the decoder refuses it before any validation.
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);
        const string Text = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.60.0.0/24\n  disabled: 'True'\n";

        var outcome = Apply(cluster, Text);

        var error = Assert.IsType<ManifestException>(outcome.Errors.Single().Error);
        Assert.StartsWith("json: cannot unmarshal string into Go struct field ", error.Message);
        Assert.Contains("disabled of type bool", error.Message);
        Assert.EndsWith("(at line 7, column 13)", error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Theory]
    [InlineData("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.60.0.0/24\n  blockSize: big\n", "blockSize", 7, 14)]
    [InlineData("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: [10.60.0.0/24]\n", "cidr", 6, 9)]
    [InlineData("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.60.0.0/24\n  natOutgoing: \"true\"\n", "natOutgoing", 7, 16)]
    [InlineData("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.60.0.0/24\n  allowedUses: Workload\n", "allowedUses", 7, 16)]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: '2'\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}}\n", "replicas", 6, 13)]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n1\n  labels:\n    a: [1]\n", "labels.a", 6, 8)]
    [InlineData("apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: default\nspec:\n  strictAffinity: 'yes'\n", "strictAffinity", 6, 19)]
    public void WrongFieldTypes_AreRefused_NamingTheFieldAndPosition(string yaml, string field, int line, int column)
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, yaml);

        var error = outcome.Errors.Single().Error;
        Assert.StartsWith("json: cannot unmarshal ", error.Message);
        Assert.Contains(field + " of type ", error.Message);
        Assert.EndsWith($"(at line {line}, column {column})", error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void YamlBooleansAndNumbers_InTheirPlainForms_AreAccepted()
    {
        // yaml.v2 (YAML 1.1) reads yes/on/True as booleans, as Go's decoders do.
        var cluster = LabNodesAndPool();

        Apply(cluster, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.60.0.0/24\n  natOutgoing: yes\n  disabled: True\n  blockSize: 26\n")
            .AssertNoErrors();

        var pool = cluster.FindPool("p")!;
        Assert.True(pool.NatOutgoing);
        Assert.True(pool.Disabled);
    }

    // ---- a bad document leaves the cluster as it was; the others apply ---------------------------------

    [Fact]
    public void BadDocuments_LeaveTheClusterExactlyAsItWas_AndTheGoodOnesApply()
    {
        var cluster = LabCluster.Create();
        var text =
            "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: bad-type\nspec:\n  cidr: 10.60.0.0/24\n  disabled: 'True'\n"
            + "---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: overlap\nspec:\n  cidr: 10.48.0.0/16\n"
            + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad-replicas\n  namespace: yaobank\nspec:\n  replicas: -1\n"
            + "  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}}\n"
            + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\n"
            + "---\napiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  name: bad-res\nspec:\n  reservedCIDRs: [garbage]\n";
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, text);

        Assert.Empty(outcome.Results);
        Assert.Equal(new[] { "bad-type", "overlap", "bad-replicas", "Bad_Name", "bad-res" }, outcome.Errors.Select(e => e.Document.Name).ToArray());
        Assert.Equal(before, Snapshot(cluster));

        var good = Apply(cluster, text + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: good\n");
        Assert.Equal(new[] { "namespace/good created" }, good.Lines);
    }
}
