using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>Get-Node with Calico selectors over node labels, and New-Node with Kubernetes'
/// validation texts.</summary>
public sealed class NodeTests : IClassFixture<PsSession>
{
    private const string NewNodeClass = "CalicoIpam.PowerShell.Commands.NewNodeCommand";

    private readonly PsSession _ps;

    public NodeTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster");
    }

    [Fact]
    public void GetNode_ListsTheLabNodes()
    {
        var result = _ps.Run("Get-Node");

        Assert.Empty(result.Errors);
        Assert.Equal("CalicoIpam.Core.Clusters.Node", result.Objects[0].GetType().FullName);
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" }, result.Values("Name"));
        Assert.Equal(new[] { "10.0.0.10", "10.0.0.11", "10.0.0.12" }, result.Values("InternalIP"));
        Assert.Equal(new[] { "control-plane", "<none>", "<none>" }, result.Values("Roles"));
    }

    [Theory]
    [InlineData("kubernetes.io/hostname == 'ip-10-0-0-11'", new[] { "ip-10-0-0-11" })]
    [InlineData("!has(node-role.kubernetes.io/control-plane)", new[] { "ip-10-0-0-11", "ip-10-0-0-12" })]
    [InlineData("has(node-role.kubernetes.io/control-plane)", new[] { "ip-10-0-0-10" })]
    [InlineData("kubernetes.io/hostname in {'ip-10-0-0-10', 'ip-10-0-0-12'}", new[] { "ip-10-0-0-10", "ip-10-0-0-12" })]
    [InlineData("kubernetes.io/os == 'linux' && kubernetes.io/hostname != 'ip-10-0-0-10'", new[] { "ip-10-0-0-11", "ip-10-0-0-12" })]
    [InlineData("all()", new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" })]
    [InlineData("zone == 'a'", new string[0])]
    public void GetNode_Selector_HasCalicoSemantics(string selector, string[] expected)
    {
        _ps.Set("selector", selector);

        var result = _ps.Run("Get-Node -Selector $selector");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Values("Name"));
    }

    [Fact]
    public void GetNode_SelectorAndName_BothFilter()
    {
        var result = _ps.Run("Get-Node ip-10-0-0-1* -Selector '!has(node-role.kubernetes.io/control-plane)'");

        Assert.Equal(new[] { "ip-10-0-0-11", "ip-10-0-0-12" }, result.Values("Name"));
    }

    [Theory]
    [InlineData("kubernetes.io/hostname ==")]
    [InlineData("has(")]
    [InlineData("a == 'b' &&")]
    public void GetNode_ABadSelector_IsATerminatingInvalidSelectorError(string selector)
    {
        _ps.Set("selector", selector);

        var result = _ps.Run("try { Get-Node -Selector $selector; 'not stopped' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Objects));
        Assert.Equal("InvalidSelector,CalicoIpam.PowerShell.Commands.GetNodeCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(selector, error.TargetObject);
        Assert.False(string.IsNullOrWhiteSpace(error.Exception.Message));
    }

    [Fact]
    public void GetNode_ALiteralMiss_IsANonTerminatingNodeNotFound()
    {
        var result = _ps.Run("Get-Node nope, ip-10-0-0-11");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NodeNotFound,CalicoIpam.PowerShell.Commands.GetNodeCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject);
        Assert.Equal("nodes \"nope\" not found", error.Exception.Message);
        Assert.Equal(new[] { "ip-10-0-0-11" }, result.Values("Name"));
    }

    [Fact]
    public void NewNode_WithLabels_AddsThemToKubeletsLabels()
    {
        var created = _ps.Run("New-Node ip-10-0-0-13 10.0.0.13/24 -Label @{ zone = 'a'; 'topology.kubernetes.io/region' = 'eu' } -PassThru");
        var selected = _ps.Run("Get-Node -Selector \"zone == 'a' && topology.kubernetes.io/region == 'eu'\"");

        Assert.Empty(created.Errors);
        var node = Assert.Single(created.Output);
        Assert.Equal("ip-10-0-0-13", node.Properties["Name"].Value);
        Assert.Equal("10.0.0.13/24", PsResult.Text(node.Properties["Address"].Value));
        Assert.Equal("<none>", node.Properties["Roles"].Value);
        var labels = (System.Collections.Generic.IReadOnlyDictionary<string, string>)node.Properties["Labels"].Value;
        Assert.Equal("a", labels["zone"]);
        Assert.Equal("eu", labels["topology.kubernetes.io/region"]);
        Assert.Equal("ip-10-0-0-13", labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", labels["kubernetes.io/os"]);
        Assert.Equal(new[] { "ip-10-0-0-13" }, selected.Values("Name"));
    }

    [Fact]
    public void NewNode_WithoutPassThru_EmitsNothing()
    {
        var result = _ps.Run("New-Node ip-10-0-0-13 10.0.0.13/24 -Role ControlPlane");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-13" },
            _ps.Run("Get-Node -Selector 'has(node-role.kubernetes.io/control-plane)'").Values("Name"));
    }

    [Fact]
    public void NewNode_Duplicate_IsNodeAlreadyExists_AndTheNodeIsUnchanged()
    {
        var before = _ps.Snapshot();

        var result = _ps.Run("New-Node ip-10-0-0-11 10.0.0.21/24");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NodeAlreadyExists," + NewNodeClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("ip-10-0-0-11", error.TargetObject);
        Assert.Equal("nodes \"ip-10-0-0-11\" already exists", error.Exception.Message);
        Assert.Equal(before, _ps.Snapshot());
    }

    [Fact]
    public void NewNode_InvalidName_IsNodeInvalid_WithKubernetesText()
    {
        var before = _ps.Snapshot();

        var result = _ps.Run("New-Node Bad_Name 10.0.0.20/24");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NodeInvalid," + NewNodeClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Bad_Name", error.TargetObject);
        Assert.Equal(
            "Node \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must "
            + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
            + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            error.Exception.Message);
        Assert.Equal(before, _ps.Snapshot());
    }

    [Theory]
    [InlineData("10.0.0.20")]
    [InlineData("10.0.0.300/24")]
    [InlineData("not-an-address")]
    public void NewNode_InvalidAddress_IsInvalidAddress(string address)
    {
        var before = _ps.Snapshot();
        _ps.Set("address", address);

        var result = _ps.Run("New-Node ip-10-0-0-20 $address");

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidAddress," + NewNodeClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(address, error.TargetObject);
        Assert.Contains(address, error.Exception.Message, System.StringComparison.Ordinal);
        Assert.Equal(before, _ps.Snapshot());
    }

    [Fact]
    public void NewNode_InvalidLabel_IsNodeInvalid_AndCreatesNothing()
    {
        var before = _ps.Snapshot();

        var result = _ps.Run("New-Node ip-10-0-0-20 10.0.0.20/24 -Label @{ 'bad key!' = 'a' }");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("Node \"ip-10-0-0-20\" is invalid: metadata.labels: Invalid value: \"bad key!\": ", error.Exception.Message,
            System.StringComparison.Ordinal);
        Assert.Equal(before, _ps.Snapshot());
    }
}
