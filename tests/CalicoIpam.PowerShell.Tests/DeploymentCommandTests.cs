using System;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// New/Get/Set/Remove/Restart-Deployment, Remove-Pod of controlled pods and Get-ClusterEvent:
/// what a kubectl user sees (names, ReplicaSets, rollouts, kubectl's texts and tables), each
/// step leaving Test-Ipam clean.
/// </summary>
public sealed class DeploymentCommandTests : IClassFixture<PsSession>
{
    private const string Commands = "CalicoIpam.PowerShell.Commands.";
    private const string Ipv4Pools = "cni.projectcalico.org/ipv4pools";
    private const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    private readonly PsSession _ps;

    public DeploymentCommandTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster -Empty; $null = New-IpPool pool-a 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Node node-2 10.0.0.12/24");
    }

    // ---- New-Deployment / Get-Deployment -----------------------------------------------------

    [Fact]
    public void NewDeployment_GivesRunningPods_NamedDeploymentHashSuffix()
    {
        var result = _ps.Run("New-Deployment web -Replicas 3 -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "3/3" }, result.Values("Ready"));
        var rs = result.Values("CurrentReplicaSet").Single();
        Assert.Matches("^web-[4-9bcdf]{1,10}$", rs);
        var pods = _ps.Run("Get-Pod");
        Assert.Equal(3, pods.Output.Count);
        Assert.All(pods.Values("Name"), n => Assert.Matches("^" + Regex.Escape(rs) + "-[" + Alphanums + "]{5}$", n));
        Assert.All(pods.Values("Status"), s => Assert.Equal("Running", s));
        Assert.All(pods.Values("IP"), ip => Assert.StartsWith("10.244.", ip));
        AssertClean();
    }

    [Fact]
    public void NewDeployment_WithoutPassThru_EmitsNothing_AndGetDeploymentFindsIt()
    {
        var created = _ps.Run("New-Deployment web -Replicas 2");
        var listed = _ps.Run("Get-Deployment");

        Assert.Empty(created.Errors);
        Assert.Empty(created.Output);
        Assert.Equal(new[] { "web" }, listed.Values("Name"));
        Assert.Equal(new[] { "default" }, listed.Values("Namespace"));
        Assert.Equal(new[] { "2" }, listed.Values("Replicas"));
        Assert.Equal(new[] { "2" }, listed.Values("UpToDate"));
        Assert.Equal(new[] { "2" }, listed.Values("Available"));
    }

    [Fact]
    public void NewDeployment_SameSeedSameNames_OtherSeedOtherSuffixes()
    {
        string Names(int seed) => string.Join(" ", _ps.Run(
            $"$null = New-Cluster -Empty -Seed {seed}; $null = New-IpPool p 10.244.0.0/16; New-Node n1 10.0.0.11/24; New-Deployment web -Replicas 3; Get-Pod")
            .Output.Select(o => o.Properties["Name"].Value + "=" + o.Properties["IP"].Value));

        var a = Names(11);
        var b = Names(11);
        var c = Names(12);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // The ReplicaSet (template hash) and the addresses do not depend on the seed.
        Assert.Equal(a.Split(' ').Select(x => x.Split('=')[1]).OrderBy(x => x), c.Split(' ').Select(x => x.Split('=')[1]).OrderBy(x => x));
        Assert.Equal(a.Split(' ')[0].Substring(0, a.Split(' ')[0].LastIndexOf('-')), c.Split(' ')[0].Substring(0, c.Split(' ')[0].LastIndexOf('-')));
    }

    [Fact]
    public void NewDeployment_NegativeReplicas_IsRefusedByParameterValidation_AndCreatesNothing()
    {
        var result = _ps.Run("New-Deployment web -Replicas -1");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Empty(_ps.Run("Get-Deployment").Output);
    }

    [Fact]
    public void NewDeployment_Duplicate_IsDeploymentAlreadyExists_WithKubectlsText()
    {
        _ps.Run("New-Deployment web");

        var result = _ps.Run("New-Deployment web -Replicas 4");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DeploymentAlreadyExists," + Commands + "NewDeploymentCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("deployments.apps \"web\" already exists", error.Exception.Message);
        Assert.Single(_ps.Run("Get-Pod").Output);
    }

    [Fact]
    public void GetDeployment_ALiteralMiss_IsDeploymentNotFound()
    {
        var result = _ps.Run("Get-Deployment nope");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DeploymentNotFound," + Commands + "GetDeploymentCommand", error.FullyQualifiedErrorId);
        Assert.Equal("deployments.apps \"nope\" not found", error.Exception.Message);
    }

    [Fact]
    public void GetDeployment_TableHasKubectlsColumns()
    {
        _ps.Run("New-Deployment web -Replicas 2");

        var text = string.Join("\n", _ps.Objects("Get-Deployment | Out-String -Width 250"));

        var lines = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal("NAMESPACE NAME READY UP-TO-DATE AVAILABLE AGE", Regex.Replace(lines[0], " +", " "));
        Assert.Matches(@"^default web 2/2 2 2 \d+s$", Regex.Replace(lines[2], " +", " "));
    }

    [Fact]
    public void GetPod_TableHasKubectlWideColumns()
    {
        _ps.Run("New-Deployment web -Replicas 1 -NodeSelector @{ zone = 'x' }");

        var text = string.Join("\n", _ps.Objects("Get-Pod | Out-String -Width 250"));

        var lines = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal("NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES", Regex.Replace(lines[0], " +", " "));
        Assert.Matches(@"^default web-[4-9bcdf]+-[a-z0-9]{5} 0/1 Pending 0 \d+s <none> <none> <none> <none>$", Regex.Replace(lines[2], " +", " "));
    }

    // ---- Set-Deployment ----------------------------------------------------------------------

    [Fact]
    public void SetDeployment_Replicas_ScalesUpAndDown_KeepingTheReplicaSet()
    {
        // All on node-1, so only age decides which pods a scale-down takes.
        var rs = _ps.Run("New-Deployment web -Replicas 2 -NodeSelector @{ 'kubernetes.io/hostname' = 'node-1' } -PassThru").Values("CurrentReplicaSet").Single();
        var first = _ps.Run("Get-Pod").Values("Name");

        var up = _ps.Run("Set-Deployment web -Replicas 5 -PassThru");
        var afterUp = _ps.Run("Get-Pod").Values("Name");
        var down = _ps.Run("Set-Deployment web -Replicas 1 -PassThru");
        var afterDown = _ps.Run("Get-Pod").Values("Name");

        Assert.Empty(up.Errors);
        Assert.Equal(new[] { "5/5" }, up.Values("Ready"));
        Assert.Equal(5, afterUp.Length);
        Assert.All(first, n => Assert.Contains(n, afterUp));
        Assert.Equal(new[] { "1/1" }, down.Values("Ready"));
        Assert.Equal(new[] { rs }, down.Values("CurrentReplicaSet"));
        // Scale-down takes the newest pods: the oldest one stays.
        var oldest = _ps.Objects("(Get-Pod | Sort-Object CreationTimestamp | Select-Object -First 1).Name");
        Assert.Equal(afterDown, oldest.Select(o => o.ToString()).ToArray());
        Assert.Contains(afterDown.Single(), first);
        AssertClean();
    }

    [Fact]
    public void SetDeployment_TemplateChange_RollsOut_ToANewReplicaSet()
    {
        var before = _ps.Run("New-Deployment web -Replicas 3 -PassThru").Values("CurrentReplicaSet").Single();
        var oldPods = _ps.Run("Get-Pod").Values("Name");
        var oldIps = _ps.Run("Get-Pod").Values("IP");

        var result = _ps.Run("Set-Deployment web -Label @{ version = 'v2' } -PassThru");

        Assert.Empty(result.Errors);
        var after = result.Values("CurrentReplicaSet").Single();
        Assert.NotEqual(before, after);
        var pods = _ps.Run("Get-Pod");
        Assert.Equal(3, pods.Output.Count);
        Assert.All(pods.Values("Name"), n => Assert.StartsWith(after + "-", n));
        Assert.Empty(pods.Values("Name").Intersect(oldPods));
        Assert.Empty(pods.Values("IP").Intersect(oldIps));
        Assert.Equal(new[] { "v2" }, _ps.Run("Get-Pod | ForEach-Object { $_.Labels['version'] } | Select-Object -Unique").Objects.Select(o => o.ToString()));
        AssertClean();
    }

    [Fact]
    public void SetDeployment_NodeSelector_MovesThePodsToMatchingNodes()
    {
        _ps.Run("New-Deployment web -Replicas 2");

        var result = _ps.Run("Set-Deployment web -NodeSelector @{ 'kubernetes.io/hostname' = 'node-2' }");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "node-2", "node-2" }, _ps.Run("Get-Pod").Values("Node"));
        AssertClean();
    }

    [Fact]
    public void SetDeployment_WithNothingToSet_IsATerminatingNothingToSetError()
    {
        _ps.Run("New-Deployment web");

        var result = _ps.Run("try { Set-Deployment web } catch { 'caught: ' + $_.FullyQualifiedErrorId }");

        Assert.Equal(new object[] { "caught: NothingToSet," + Commands + "SetDeploymentCommand" }, result.Objects);
    }

    /// <summary>The selector is immutable, so a template that loses the selector's label is
    /// refused (ValidatePodTemplateSpecForReplicaSet: field.Invalid(..., template.Labels, ...),
    /// a map printed with %#v); nothing changes.</summary>
    [Fact]
    public void SetDeployment_RemovingTheSelectorLabel_IsRefusedWithKubernetesText_AndNothingChanges()
    {
        var rs = _ps.Run("New-Deployment web -PassThru").Values("CurrentReplicaSet").Single();

        var result = _ps.Run("Set-Deployment web -Label @{ app = $null; version = 'v2' }");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("web", error.TargetObject);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: "
            + "map[string]string{\"version\":\"v2\"}: `selector` does not match template `labels`", error.Exception.Message);
        Assert.Equal(new[] { rs }, _ps.Run("Get-Deployment web").Values("CurrentReplicaSet"));
    }

    /// <summary>ErrorIds are &lt;Kind&gt;Invalid like NodeInvalid and IpPoolInvalid: the API
    /// group in the Kubernetes kind ("Deployment.apps") does not belong in the id.</summary>
    [Fact]
    public void SetDeployment_AnInvalidTemplate_IsDeploymentInvalid()
    {
        _ps.Run("New-Deployment web");

        var result = _ps.Run("Set-Deployment web -Label @{ app = $null }");

        Assert.Equal("DeploymentInvalid," + Commands + "SetDeploymentCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void SetDeployment_WhatIf_ChangesNothing()
    {
        _ps.Run("New-Deployment web -Replicas 2");
        var before = _ps.Run("Get-Pod").Values("Name");

        var result = _ps.Run("Set-Deployment web -Replicas 4 -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Single(result.WhatIfLines);
        Assert.Equal(before, _ps.Run("Get-Pod").Values("Name"));
    }

    // ---- Restart-Deployment ------------------------------------------------------------------

    [Fact]
    public void RestartDeployment_ReplacesEveryPod_WithNewNamesAndAddresses()
    {
        _ps.Run("New-Deployment web -Replicas 2; New-Deployment api -Replicas 1");
        var old = _ps.Run("Get-Pod").Output.Select(o => (Name: o.Properties["Name"].Value.ToString()!, Ip: o.Properties["IP"].Value.ToString()!)).ToList();
        var api = old.Single(p => p.Name.StartsWith("api-", StringComparison.Ordinal));

        var result = _ps.Run("Get-Deployment web | Restart-Deployment -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "web" }, result.Values("Name"));
        var pods = _ps.Run("Get-Pod").Output.Select(o => (Name: o.Properties["Name"].Value.ToString()!, Ip: o.Properties["IP"].Value.ToString()!)).ToList();
        var web = pods.Where(p => p.Name.StartsWith("web-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, web.Count);
        Assert.Empty(web.Select(p => p.Name).Intersect(old.Select(p => p.Name)));
        Assert.Empty(web.Select(p => p.Ip).Intersect(old.Select(p => p.Ip)));
        Assert.Contains(api, pods);
        Assert.Equal(new object[] { true }, _ps.Objects("(Get-Deployment web).Template.Annotations.ContainsKey('kubectl.kubernetes.io/restartedAt')"));
        AssertClean();
    }

    // ---- Remove-Pod / Remove-Deployment -------------------------------------------------------

    [Fact]
    public void RemovePod_OfAControlledPod_GetsAReplacement_WithANewNameAndAddress()
    {
        _ps.Run("New-Deployment web -Replicas 2");
        var victim = _ps.Run("Get-Pod | Select-Object -First 1");
        var name = victim.Values("Name").Single();
        var ip = victim.Values("IP").Single();

        var result = _ps.Run($"Remove-Pod {name}");

        Assert.Empty(result.Errors);
        var pods = _ps.Run("Get-Pod");
        Assert.Equal(2, pods.Output.Count);
        Assert.DoesNotContain(name, pods.Values("Name"));
        Assert.DoesNotContain(ip, pods.Values("IP"));
        Assert.All(pods.Values("Status"), s => Assert.Equal("Running", s));
        Assert.Equal($"{ip} is not assigned", Assert.Single(_ps.Run($"Get-IpAllocation -Ip {ip}").Errors).Exception.Message);
        AssertClean();
    }

    [Fact]
    public void RemoveDeployment_RemovesItsPods_AndReleasesTheirAddresses()
    {
        _ps.Run("New-Deployment web -Replicas 3; New-Deployment api");

        var result = _ps.Run("Remove-Deployment web");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "api" }, _ps.Run("Get-Deployment").Values("Name"));
        var pods = _ps.Run("Get-Pod");
        Assert.All(pods.Values("Name"), n => Assert.StartsWith("api-", n));
        Assert.Equal(pods.Values("IP"), _ps.Run("Get-IpAllocation").Values("Ip"));
        AssertClean();
    }

    [Fact]
    public void RemoveDeployment_PipedFromAnotherCluster_ActsOnThatCluster()
    {
        _ps.Run("$other = New-Cluster -Empty; $null = New-IpPool p 10.1.0.0/16; New-Node n 10.0.0.1/24; New-Deployment web -Replicas 2");
        _ps.Run("$null = New-Cluster -Empty; $null = New-IpPool p 10.1.0.0/16; New-Node n 10.0.0.1/24; New-Deployment web");

        var result = _ps.Run("Get-Deployment -Cluster $other | Remove-Deployment; (Get-Pod -Cluster $other).Count");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 0 }, result.Objects);
        // The current cluster's deployment of the same name is untouched.
        Assert.Equal(new[] { "web" }, _ps.Run("Get-Deployment").Values("Name"));
        Assert.Single(_ps.Run("Get-Pod").Output);
    }

    [Fact]
    public void RemoveDeployment_ALiteralMiss_IsDeploymentNotFound()
    {
        var result = _ps.Run("Remove-Deployment nope");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DeploymentNotFound," + Commands + "RemoveDeploymentCommand", error.FullyQualifiedErrorId);
        Assert.Equal("deployments.apps \"nope\" not found", error.Exception.Message);
    }

    // ---- stalled rollout ---------------------------------------------------------------------

    [Fact]
    public void RolloutToAMissingPool_Stalls_ThenCompletes_WhenThePoolIsCreated()
    {
        _ps.Run("New-Deployment db");
        var old = _ps.Run("Get-Pod").Values("Name").Single();

        _ps.Run($$"""Set-Deployment db -Annotation @{ '{{Ipv4Pools}}' = '["pool-b"]' }""");

        var stalled = _ps.Run("Get-Pod | Sort-Object CreationTimestamp");
        Assert.Equal(new[] { "Running", "ContainerCreating" }, stalled.Values("Status"));
        Assert.Equal(old, stalled.Values("Name")[0]);
        Assert.Equal("error parsing pool \"pool-b\": invalid CIDR address: pool-b", stalled.Values("Message")[1]);
        Assert.Equal(new[] { "1/1" }, _ps.Run("Get-Deployment db").Values("Ready"));
        AssertClean();

        _ps.Run("New-IpPool pool-b 10.245.0.0/16");

        var done = _ps.Run("Get-Pod");
        Assert.Equal(new[] { stalled.Values("Name")[1] }, done.Values("Name"));
        Assert.Equal(new[] { "Running" }, done.Values("Status"));
        Assert.StartsWith("10.245.", done.Values("IP").Single());
        AssertClean();
    }

    // ---- events ------------------------------------------------------------------------------

    [Fact]
    public void GetClusterEvent_ShowsTheControllersEvents_WithKubernetesTexts()
    {
        var rs = _ps.Run("New-Deployment web -PassThru").Values("CurrentReplicaSet").Single();
        var pod = _ps.Run("Get-Pod").Values("Name").Single();

        var events = _ps.Run("Get-ClusterEvent");

        Assert.Empty(events.Errors);
        var lines = events.Output.Select(e => $"{e.Properties["Type"].Value} {e.Properties["Reason"].Value} {e.Properties["Object"].Value} {e.Properties["Message"].Value}").ToList();
        Assert.Contains($"Normal ScalingReplicaSet deployment/web Scaled up replica set {rs} to 1", lines);
        Assert.Contains($"Normal SuccessfulCreate replicaset/{rs} Created pod: {pod}", lines);
        Assert.Contains($"Normal Scheduled pod/{pod} Successfully assigned default/{pod} to node-1", lines);
    }

    [Fact]
    public void GetClusterEvent_FiltersByTypeAndObject()
    {
        _ps.Run("New-Deployment web -NodeSelector @{ zone = 'x' }; New-Pod solo -Node node-1");

        var warnings = _ps.Run("Get-ClusterEvent -Type Warning");
        var solo = _ps.Run("Get-ClusterEvent pod/solo");

        Assert.Equal(new[] { "FailedScheduling" }, warnings.Values("Reason"));
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", warnings.Values("Message").Single());
        Assert.All(solo.Values("Object"), o => Assert.Equal("pod/solo", o));
        Assert.NotEmpty(solo.Output);
    }

    [Fact]
    public void GetClusterEvent_TableHasTimeTypeReasonObjectMessage()
    {
        _ps.Run("New-Deployment web");

        var text = string.Join("\n", _ps.Objects("Get-ClusterEvent | Out-String -Width 300"));

        var header = text.Split('\n').Select(l => l.TrimEnd()).First(l => l.Length > 0);
        Assert.Equal("TIME TYPE REASON OBJECT MESSAGE", Regex.Replace(header, " +", " "));
    }

    // ---- progress ----------------------------------------------------------------------------

    [Fact]
    public void NewDeployment_Progress_IsClosed_AndSilentUnderSilentlyContinue()
    {
        using var shown = System.Management.Automation.PowerShell.Create();
        shown.Runspace = _ps.Runspace;
        shown.AddScript("$ProgressPreference = 'Continue'; New-Deployment many -Replicas 40");
        shown.Invoke();
        using var silent = System.Management.Automation.PowerShell.Create();
        silent.Runspace = _ps.Runspace;
        silent.AddScript("$ProgressPreference = 'SilentlyContinue'; New-Deployment quiet -Replicas 40");
        silent.Invoke();

        Assert.NotEmpty(shown.Streams.Progress);
        Assert.Equal(ProgressRecordType.Completed, shown.Streams.Progress.Last().RecordType);
        Assert.Empty(silent.Streams.Progress);
        Assert.Equal(80, _ps.Run("Get-Pod").Output.Count);
    }

    private void AssertClean()
    {
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }
}
