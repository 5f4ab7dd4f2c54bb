using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Cluster.CreateNode: Kubernetes' name and label validation with the texts of
/// k8s.io/apimachinery/pkg/util/validation/validation.go (IsDNS1123Subdomain, IsQualifiedName,
/// IsValidLabelValue, RegexError, MaxLenError), framed as the API server frames them
/// (k8s.io/apimachinery/pkg/api/errors NewInvalid: "%s %q is invalid: %v" over
/// field.ErrorList.ToAggregate(); field.Error: "&lt;field&gt;: Invalid value: %q: &lt;detail&gt;").
/// </summary>
public sealed class NodeTests
{
    private const string SubdomainDetail =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    // RegexError joins examples as "'a', " + " or " + "'b', " ..., hence the two spaces before "or".
    private const string QualifiedNameDetail =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueDetail =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static readonly Cidr Address = Cidr.Parse("10.0.0.20/24");

    private static KeyValuePair<string, string>[] Label(string key, string value) =>
        new[] { new KeyValuePair<string, string>(key, value) };

    private static string Reject(Cluster cluster, string name, IEnumerable<KeyValuePair<string, string>>? labels = null)
    {
        var count = cluster.NodeCount;
        var ex = Assert.Throws<KubernetesValidationException>(() => cluster.CreateNode(name, Address, labels));
        Assert.Equal(count, cluster.NodeCount);
        Assert.Equal("Node", ex.Kind);
        return ex.Message;
    }

    private static string Reject(string name, IEnumerable<KeyValuePair<string, string>>? labels = null) =>
        Reject(LabCluster.CreateEmpty(), name, labels);

    // ---- successful creates ------------------------------------------------------------------

    [Fact]
    public void CreateNodeStoresTheNode()
    {
        var cluster = LabCluster.CreateEmpty();
        var node = cluster.CreateNode("worker-1", Address);
        Assert.Equal("worker-1", node.Name);
        Assert.Equal(Address, node.Address);
        Assert.Equal("10.0.0.20", node.InternalIP);
        Assert.Equal("eth0", node.Interface);
        Assert.Equal(NodeRole.Worker, node.Role);
        Assert.Equal("<none>", node.Roles);
        Assert.Same(cluster, node.Cluster);
        Assert.Equal(node, cluster.FindNode("worker-1"));
        Assert.Equal(1, cluster.NodeCount);
        Assert.Equal(cluster.Now, node.CreationTimestamp);
    }

    [Fact]
    public void WorkerGetsKubeletsLabels()
    {
        var node = LabCluster.CreateEmpty().CreateNode("worker-1", Address);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["beta.kubernetes.io/arch"] = "amd64",
                ["beta.kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["kubernetes.io/hostname"] = "worker-1",
                ["kubernetes.io/os"] = "linux",
            },
            node.Labels.ToDictionary(p => p.Key, p => p.Value));
    }

    [Fact]
    public void ControlPlaneAlsoGetsTheControlPlaneLabels()
    {
        var node = LabCluster.CreateEmpty().CreateNode("cp", Address, role: NodeRole.ControlPlane);
        Assert.Equal("control-plane", node.Roles);
        Assert.Equal("", node.Labels["node-role.kubernetes.io/control-plane"]);
        Assert.Equal("", node.Labels["node.kubernetes.io/exclude-from-external-load-balancers"]);
        Assert.Equal("cp", node.Labels["kubernetes.io/hostname"]);
        Assert.Equal(7, node.Labels.Count);
    }

    [Fact]
    public void ExtraLabelsAreAddedAndKeysAreOrdinalSorted()
    {
        var node = LabCluster.CreateEmpty().CreateNode("worker-1", Address, new[]
        {
            new KeyValuePair<string, string>("zone", "b"),
            new KeyValuePair<string, string>("Rack", "r1"),
            new KeyValuePair<string, string>("example.com/tier", ""),
        });
        Assert.Equal("b", node.Labels["zone"]);
        Assert.Equal("r1", node.Labels["Rack"]);
        Assert.Equal("", node.Labels["example.com/tier"]);
        var keys = node.Labels.Keys.ToArray();
        Assert.Equal(keys.OrderBy(k => k, System.StringComparer.Ordinal).ToArray(), keys);
    }

    [Fact]
    public void InterfaceNameCanBeChosen()
    {
        var node = LabCluster.CreateEmpty().CreateNode("worker-1", Address, interfaceName: "ens5");
        Assert.Equal("ens5", node.Interface);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ip-10-0-0-10")]
    [InlineData("node.example.com")]
    [InlineData("0node9")]
    public void GoodNamesAreAccepted(string name)
    {
        Assert.Equal(name, LabCluster.CreateEmpty().CreateNode(name, Address).Name);
    }

    [Fact]
    public void NameOf253CharactersIsAccepted()
    {
        var name = new string('a', 253);
        Assert.Equal(name, LabCluster.CreateEmpty().CreateNode(name, Address).Name);
    }

    [Theory]
    [InlineData("MyName", "")]
    [InlineData("kubernetes.io", "")]
    [InlineData("a-b_c.d", "x-y.z")]
    [InlineData("example.com/MyName", "123")]
    [InlineData("k", "MyValue_1")]
    public void GoodLabelsAreAccepted(string key, string value)
    {
        var node = LabCluster.CreateEmpty().CreateNode("n1", Address, Label(key, value));
        Assert.Equal(value, node.Labels[key]);
    }

    [Fact]
    public void LabelKeyNameOf63AndValueOf63AreAccepted()
    {
        var key = new string('k', 63);
        var value = new string('v', 63);
        Assert.Equal(value, LabCluster.CreateEmpty().CreateNode("n1", Address, Label(key, value)).Labels[key]);
    }

    [Fact]
    public void NodeCreationTimestampsIncrease()
    {
        var cluster = LabCluster.CreateEmpty();
        var a = cluster.CreateNode("a", Address);
        var b = cluster.CreateNode("b", Address);
        Assert.True(a.CreationTimestamp < b.CreationTimestamp);
    }

    // ---- duplicate ---------------------------------------------------------------------------

    [Fact]
    public void DuplicateNodeIsAlreadyExists()
    {
        var cluster = LabCluster.Create();
        var existing = cluster.FindNode("ip-10-0-0-10");
        var nodesBefore = cluster.GetNodes();

        var ex = Assert.Throws<ResourceAlreadyExistsException>(() =>
            cluster.CreateNode("ip-10-0-0-10", Cidr.Parse("10.0.0.99/24")));

        Assert.Equal("nodes \"ip-10-0-0-10\" already exists", ex.Message);
        Assert.Equal("Node", ex.Kind);
        Assert.Equal("ip-10-0-0-10", ex.Name);
        Assert.Equal(existing, cluster.FindNode("ip-10-0-0-10"));
        Assert.Equal(nodesBefore, cluster.GetNodes());
        Assert.Equal(3, cluster.NodeCount);
    }

    // ---- invalid names -----------------------------------------------------------------------

    [Theory]
    [InlineData("Node1")]
    [InlineData("node_1")]
    [InlineData("-node")]
    [InlineData("node-")]
    [InlineData("node..1")]
    [InlineData("node 1")]
    public void BadNameIsInvalidWithTheSubdomainText(string name)
    {
        Assert.Equal(
            $"Node \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {SubdomainDetail}",
            Reject(name));
    }

    [Fact]
    public void NameOf254CharactersIsTooLong()
    {
        var name = new string('a', 254);
        Assert.Equal(
            $"Node \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": must be no more than 253 characters",
            Reject(name));
    }

    [Fact]
    public void EmptyNameIsRequired()
    {
        // apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor:
        // len(name) == 0 -> field.Required(fldPath.Child("name"), "name or generateName is required"),
        // printed as "metadata.name: Required value: name or generateName is required".
        Assert.Equal(
            "Node \"\" is invalid: metadata.name: Required value: name or generateName is required",
            Reject(""));
    }

    [Fact]
    public void NamesAndValuesAreQuotedLikeGoPercentQ()
    {
        // NewInvalid formats the name with %q and field.Error.ErrorBody formats a string value
        // with %q, so a newline is printed as the two characters \n.
        Assert.Equal(
            $"Node \"node\\n\" is invalid: metadata.name: Invalid value: \"node\\n\": {SubdomainDetail}",
            Reject("node\n"));
    }

    [Fact]
    public void LongBadNameReportsBothErrors()
    {
        // IsDNS1123Subdomain appends MaxLenError and then RegexError; ValidateObjectMetaAccessor
        // adds one field.Invalid per message; ToAggregate prints several as "[e1, e2]".
        var name = new string('A', 254);
        Assert.Equal(
            $"Node \"{name}\" is invalid: [metadata.name: Invalid value: \"{name}\": must be no more than 253 characters, " +
            $"metadata.name: Invalid value: \"{name}\": {SubdomainDetail}]",
            Reject(name));
    }

    // ---- invalid labels ----------------------------------------------------------------------

    [Theory]
    [InlineData("bad key")]
    [InlineData("-key")]
    [InlineData("key-")]
    [InlineData("ke@y")]
    [InlineData("example.com/bad key")]
    public void BadLabelKeyNamePartIsInvalid(string key)
    {
        Assert.Equal(
            $"Node \"n1\" is invalid: metadata.labels: Invalid value: \"{key}\": name part {QualifiedNameDetail}",
            Reject("n1", Label(key, "v")));
    }

    [Fact]
    public void LabelKeyNamePartOf64IsTooLong()
    {
        var key = new string('k', 64);
        Assert.Equal(
            $"Node \"n1\" is invalid: metadata.labels: Invalid value: \"{key}\": name part must be no more than 63 characters",
            Reject("n1", Label(key, "v")));
    }

    [Fact]
    public void EmptyLabelKeyPrefixIsInvalid()
    {
        Assert.Equal(
            "Node \"n1\" is invalid: metadata.labels: Invalid value: \"/key\": prefix part must be non-empty",
            Reject("n1", Label("/key", "v")));
    }

    [Theory]
    [InlineData("Example.com/key")]
    [InlineData("example_com/key")]
    public void BadLabelKeyPrefixIsInvalid(string key)
    {
        Assert.Equal(
            $"Node \"n1\" is invalid: metadata.labels: Invalid value: \"{key}\": prefix part {SubdomainDetail}",
            Reject("n1", Label(key, "v")));
    }

    [Fact]
    public void LabelKeyWithTwoSlashesIsInvalid()
    {
        Assert.Equal(
            "Node \"n1\" is invalid: metadata.labels: Invalid value: \"a/b/c\": a qualified name " + QualifiedNameDetail +
            " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            Reject("n1", Label("a/b/c", "v")));
    }

    [Theory]
    [InlineData("-bad")]
    [InlineData("bad-")]
    [InlineData("with space")]
    [InlineData("a/b")]
    public void BadLabelValueIsInvalid(string value)
    {
        Assert.Equal(
            $"Node \"n1\" is invalid: metadata.labels: Invalid value: \"{value}\": {LabelValueDetail}",
            Reject("n1", Label("k", value)));
    }

    [Fact]
    public void LabelValueOf64IsTooLong()
    {
        var value = new string('v', 64);
        Assert.Equal(
            $"Node \"n1\" is invalid: metadata.labels: Invalid value: \"{value}\": must be no more than 63 characters",
            Reject("n1", Label("k", value)));
    }

    [Fact]
    public void LongBadLabelKeyNameReportsBothErrors()
    {
        // IsQualifiedName: the length message and the regex message are both appended (no early
        // return), and ValidateLabelName turns each into a field.Invalid on metadata.labels.
        var key = new string('k', 63) + "-";
        Assert.Equal(
            $"Node \"n1\" is invalid: [metadata.labels: Invalid value: \"{key}\": name part must be no more than 63 characters, " +
            $"metadata.labels: Invalid value: \"{key}\": name part {QualifiedNameDetail}]",
            Reject("n1", Label(key, "v")));
    }

    [Fact]
    public void FailedCreateLeavesTheNodesExactlyAsBefore()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetNodes();
        Reject(cluster, "Bad_Name");
        Reject(cluster, "good-name", Label("k", "-bad"));
        Assert.Equal(before, cluster.GetNodes());
        Assert.Null(cluster.FindNode("good-name"));
    }
}
