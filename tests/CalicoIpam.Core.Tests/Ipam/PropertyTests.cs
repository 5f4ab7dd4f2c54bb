using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Cni;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;
using CsCheck;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// Property tests: random operation sequences on small clusters (2-6 nodes, 1-3 small IPv4
/// pools with /29-/30 blocks so pools fill up and nodes borrow, sometimes an IPv6 /120 pool with
/// /126 blocks), with every invariant checked after every step (see <see cref="IpamHarness.Verify"/>).
/// </summary>
/// <remarks>
/// <para><b>Reproducible by default.</b> Each test generates its sequences from fixed CsCheck PCG
/// seeds (stream = iteration, state derived from <see cref="PropertyRunner.BaseSeed"/>), so CI
/// runs exactly the same sequences every time. When one fails, the lowest failing seed is handed
/// to CsCheck's <c>Sample</c>, which replays it and then shrinks (it keeps generating smaller
/// sequences for a while and reports the smallest that still fails). The failure message has
/// CsCheck's seed line, the shrunk plan (setup + operations) and the executed steps with their
/// outcomes.</para>
/// <para><b>Other seeds.</b> Environment variables, read when the tests start:</para>
/// <list type="bullet">
/// <item><c>IPAM_PROPERTY_SEED=random</c>: let CsCheck pick random seeds (multi-threaded
/// <c>Sample</c>, with shrinking). <c>IPAM_PROPERTY_SEED=&lt;number&gt;</c>: another fixed base seed.</item>
/// <item><c>CsCheck_Seed=&lt;seed from a failure message&gt;</c>: replay that one case first (CsCheck's own
/// variable; implies the random mode for the rest of the run).</item>
/// <item><c>IPAM_PROPERTY_ITERATIONS=&lt;n&gt;</c>: sequences per test (default: each test's own count).</item>
/// <item><c>IPAM_PROPERTY_SHRINK_SECONDS=&lt;n&gt;</c>: how long CsCheck shrinks a failure (default 20).</item>
/// </list>
/// <para>Example: <c>IPAM_PROPERTY_SEED=random IPAM_PROPERTY_ITERATIONS=20000 dotnet test
/// tests/CalicoIpam.Core.Tests -c Release --filter "FullyQualifiedName~PropertyTests"</c>.</para>
/// <para>A deleted pool may be re-created with another block size; while orphaned blocks of the
/// old size overlap it, the create must fail with clientv3's blockSize-conflict error.</para>
/// </remarks>
public sealed class PropertyTests
{
    [Fact]
    public void Ipv4Clusters_KeepEveryInvariantAfterEveryStep() =>
        PropertyRunner.Run(Scenarios.For(ScenarioKind.Ipv4), plan => new IpamHarness(plan).Run(), iterations: 1200, Scenarios.Print);

    /// <summary>
    /// With an IPv6 /120 pool (/126 blocks) as well, so pods are dual-stack while it is enabled.
    /// Its selector may stop selecting a node and the block limit or autoAllocateBlocks=false may
    /// hit IPv6, so the v6 AutoAssign can fail with an error after the v4 address was assigned:
    /// the failed CNI ADD must then leave nothing allocated.
    /// </summary>
    [Fact]
    public void DualStackClusters_KeepEveryInvariantAfterEveryStep() =>
        PropertyRunner.Run(Scenarios.For(ScenarioKind.DualStack), plan => new IpamHarness(plan).Run(), iterations: 1000, Scenarios.Print);
}

/// <summary>Deterministic CsCheck driving: fixed seeds for CI, CsCheck's Sample to shrink.</summary>
internal static class PropertyRunner
{
    public const ulong BaseSeed = 0xCA11C0_1AA4UL;

    public static void Run<T>(Gen<T> gen, Action<T> assert, int iterations, Func<T, string> print)
    {
        var mode = Environment.GetEnvironmentVariable("IPAM_PROPERTY_SEED");
        if (int.TryParse(Environment.GetEnvironmentVariable("IPAM_PROPERTY_ITERATIONS"), out var n) && n > 0)
        {
            iterations = n;
        }
        if (string.Equals(mode, "random", StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CsCheck_Seed")))
        {
            gen.Sample(assert, iter: iterations, print: print);
            return;
        }
        var baseSeed = ulong.TryParse(mode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var custom) ? custom : BaseSeed;

        var lowestFailure = int.MaxValue;
        string? failingSeed = null;
        var gate = new object();
        Parallel.For(0, iterations, (i, loop) =>
        {
            var pcg = new PCG((uint)i, baseSeed * 0x9E3779B97F4A7C15UL + (ulong)i);
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception)
            {
                lock (gate)
                {
                    if (i < lowestFailure)
                    {
                        lowestFailure = i;
                        failingSeed = pcg.ToString(state);
                    }
                }
                loop.Break();
            }
        });
        if (failingSeed is null)
        {
            return;
        }
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("IPAM_PROPERTY_SHRINK_SECONDS"), out var s) && s > 0 ? s : 20;
        // Replays the failing seed first, then shrinks for a while; throws CsCheckException.
        gen.Sample(assert, seed: failingSeed, time: seconds, print: print);
        throw new InvalidOperationException($"Iteration {lowestFailure} (seed {failingSeed}) failed but did not fail again when replayed.");
    }
}

public enum ScenarioKind
{
    Ipv4,
    DualStack,
}

public enum OpKind
{
    CreatePod,
    DeletePod,
    ReleasePodIp,
    ReleaseRandomIp,
    CreateReservation,
    DeleteReservation,
    TogglePool,
    DeletePool,
    RecreatePool,
    ChangeSelector,
    ChangeEncapsulation,
    SetConfig,
    SplitPool,
}

/// <summary>One step; A, B and C pick targets and variants modulo whatever exists at that step.</summary>
public readonly record struct Op(OpKind Kind, int A, int B, int C)
{
    public override string ToString() => $"{Kind}({A},{B},{C})";
}

public sealed record PoolPlan(string Name, string Cidr, int BlockSize, int Encapsulation, string NodeSelector, bool Manual, bool Disabled)
{
    public bool IsIPv6 => Cidr.Contains(':');

    public IpPoolSpec ToSpec() => new()
    {
        Cidr = Cidr,
        BlockSize = BlockSize,
        IpipMode = Encapsulation == 1 ? "Always" : "",
        VxlanMode = Encapsulation == 2 ? "Always" : "",
        NodeSelector = NodeSelector,
        AssignmentMode = Manual ? "Manual" : null,
        Disabled = Disabled,
    };

    public override string ToString() =>
        $"{Name} {Cidr} /{BlockSize} encap={(Encapsulation == 1 ? "ipip" : Encapsulation == 2 ? "vxlan" : "none")} selector=\"{NodeSelector}\"{(Manual ? " Manual" : "")}{(Disabled ? " disabled" : "")}";
}

public sealed record Plan(ScenarioKind Kind, string[] Nodes, string[] Zones, PoolPlan[] Pools, IpamConfig Config, int NamespacePool, Op[] Ops);

internal static class Scenarios
{
    public static readonly string[] NodeNames = { "node-1", "node-2", "node-3", "worker-1", "kind-worker", "master-0" };
    public static readonly string[] Selectors = { "", "all()", "zone == 'a'", "zone == 'b'", "!all()" };

    public static IpamConfig Config(int choice)
    {
        // Only SetIPAMConfig-valid combinations: maxBlocksPerHost and autoAllocateBlocks=false need strict.
        var c = choice % 10;
        if (c < 5)
        {
            return new IpamConfig();
        }
        return new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = c % 4, AutoAllocateBlocks = c != 9 };
    }

    public static Gen<Plan> For(ScenarioKind kind)
    {
        var poolRaw = Gen.Select(Gen.Int[0, 3], Gen.Int[26, 29], Gen.Int[29, 30], Gen.Int[0, 5], Gen.Int[0, 7], Gen.Int[0, 9], Gen.Int[0, 9],
            (nameKey, prefix, block, encap, selector, manual, disabled) => (nameKey, prefix, block, encap, selector, manual, disabled));
        var opKind = Gen.Frequency(
            (40, Gen.Const(OpKind.CreatePod)),
            (18, Gen.Const(OpKind.DeletePod)),
            (4, Gen.Const(OpKind.ReleasePodIp)),
            (4, Gen.Const(OpKind.ReleaseRandomIp)),
            (4, Gen.Const(OpKind.CreateReservation)),
            (3, Gen.Const(OpKind.DeleteReservation)),
            (5, Gen.Const(OpKind.TogglePool)),
            (2, Gen.Const(OpKind.DeletePool)),
            (3, Gen.Const(OpKind.RecreatePool)),
            (4, Gen.Const(OpKind.ChangeSelector)),
            (3, Gen.Const(OpKind.ChangeEncapsulation)),
            (3, Gen.Const(OpKind.SetConfig)),
            (1, Gen.Const(OpKind.SplitPool)));
        var op = Gen.Select(opKind, Gen.Int[0, 9999], Gen.Int[0, 9999], Gen.Int[0, 9999], (k, a, b, c) => new Op(k, a, b, c));

        return Gen.Select(Gen.Int[2, 6], Gen.Int[0, 1].Array[6], poolRaw.Array[1, 3], Gen.Int[0, 9], Gen.Int[-1, 2], op.Array[5, 60],
            (nodeCount, zones, raws, config, nsPool, ops) =>
            {
                var pools = raws.Select((r, i) => new PoolPlan(
                    Name: $"{(char)('a' + r.nameKey)}-pool{i}",
                    Cidr: $"10.{i}.0.0/{r.prefix}",
                    BlockSize: r.block,
                    Encapsulation: r.encap == 4 ? 1 : r.encap == 5 ? 2 : 0,
                    NodeSelector: r.selector < 5 ? "" : Selectors[r.selector - 3],
                    Manual: r.manual == 9,
                    Disabled: r.disabled == 9)).ToList();
                if (kind != ScenarioKind.Ipv4)
                {
                    pools.Add(new PoolPlan("v6-pool", "fd00::/120", 126, 0, "", false, false));
                }
                return new Plan(kind, NodeNames.Take(nodeCount).ToArray(), zones.Take(nodeCount).Select(z => z == 0 ? "a" : "b").ToArray(),
                    pools.ToArray(), Config(config), nsPool, ops);
            });
    }

    public static string Print(Plan plan)
    {
        var text = new StringBuilder();
        text.Append("Plan ").Append(plan.Kind).Append(": nodes ")
            .Append(string.Join(", ", plan.Nodes.Select((n, i) => $"{n}(zone={plan.Zones[i]})"))).Append('\n');
        foreach (var pool in plan.Pools)
        {
            text.Append("  pool ").Append(pool).Append('\n');
        }
        text.Append("  config strict=").Append(plan.Config.StrictAffinity).Append(" maxBlocksPerHost=").Append(plan.Config.MaxBlocksPerHost)
            .Append(" autoAllocateBlocks=").Append(plan.Config.AutoAllocateBlocks)
            .Append(" namespace team pool=").Append(plan.NamespacePool).Append('\n');
        for (var i = 0; i < plan.Ops.Length; i++)
        {
            text.Append("  #").Append(i).Append(' ').Append(plan.Ops[i]).Append('\n');
        }
        return text.ToString();
    }
}

/// <summary>A violated invariant, with every step executed so far.</summary>
public sealed class InvariantViolation : Exception
{
    public InvariantViolation(string message)
        : base(message)
    {
    }
}

/// <summary>Runs one plan against a fresh cluster and checks the invariants after every step.</summary>
internal sealed class IpamHarness
{
    private readonly Plan _plan;
    private readonly List<string> _log = new();
    private readonly List<(string Name, IpPoolSpec Spec)> _deleted = new();
    private readonly Cidr[] _ranges;
    private Cluster _cluster = null!;
    private HashSet<(IpAddress, string, ulong?)> _previous = new();
    private int _pods;
    private int _reservations;

    public IpamHarness(Plan plan)
    {
        _plan = plan;
        _ranges = plan.Pools.Select(p => Cidr.Parse(p.Cidr)).ToArray();
    }

    /// <summary>Every step executed so far with its outcome.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>The cluster the plan ran on.</summary>
    public Cluster Cluster => _cluster;

    private bool HasIpv6 => _plan.Kind != ScenarioKind.Ipv4;

    public void Run()
    {
        Setup();
        Verify("setup");
        for (var i = 0; i < _plan.Ops.Length; i++)
        {
            var op = _plan.Ops[i];
            string outcome;
            try
            {
                outcome = Apply(op);
            }
            catch (InvariantViolation)
            {
                throw;
            }
            catch (Exception e)
            {
                Fail($"#{i} {op} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                return;
            }
            _log.Add($"#{i} {op}: {outcome}");
            Verify($"#{i} {op}");
        }
    }

    private void Setup()
    {
        _cluster = LabCluster.CreateEmpty();
        if (_cluster.FindNamespace("default") is null)
        {
            _cluster.CreateNamespace("default");
        }
        var nsAnnotations = new Dictionary<string, string>();
        var v4Pools = _plan.Pools.Where(p => !p.IsIPv6).ToArray();
        if (_plan.NamespacePool >= 0)
        {
            nsAnnotations[CniNames.Ipv4PoolsAnnotation] = $"[\"{v4Pools[_plan.NamespacePool % v4Pools.Length].Name}\"]";
        }
        _cluster.CreateNamespace("team", annotations: nsAnnotations);
        _cluster.SetIpamConfig(_plan.Config);
        foreach (var pool in _plan.Pools)
        {
            _cluster.CreatePool(pool.Name, pool.ToSpec());
        }
        for (var i = 0; i < _plan.Nodes.Length; i++)
        {
            _cluster.CreateNode(_plan.Nodes[i], Cidr.Parse($"192.168.1.{10 + i}/24"),
                new[] { new KeyValuePair<string, string>("zone", _plan.Zones[i]) });
        }
        _log.Add("setup: " + Scenarios.Print(_plan with { Ops = Array.Empty<Op>() }).TrimEnd());
    }

    // ---- operations -------------------------------------------------------------------

    private string Apply(Op op) => op.Kind switch
    {
        OpKind.CreatePod => CreatePod(op),
        OpKind.DeletePod => DeletePod(op),
        OpKind.ReleasePodIp => ReleasePodIp(op),
        OpKind.ReleaseRandomIp => ReleaseRandomIp(op),
        OpKind.CreateReservation => CreateReservation(op),
        OpKind.DeleteReservation => DeleteReservation(op),
        OpKind.TogglePool => TogglePool(op),
        OpKind.DeletePool => DeletePool(op),
        OpKind.RecreatePool => RecreatePool(op),
        OpKind.ChangeSelector => ChangeSelector(op),
        OpKind.ChangeEncapsulation => ChangeEncapsulation(op),
        OpKind.SetConfig => SetConfig(op),
        OpKind.SplitPool => SplitPool(op),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private string CreatePod(Op op)
    {
        var node = _plan.Nodes[op.A % _plan.Nodes.Length];
        var ns = op.C % 2 == 0 ? "default" : "team";
        var p = op.C / 2;
        var annotations = new Dictionary<string, string>();
        string? expected = null;
        switch (op.B % 10)
        {
            case 6:
            case 7:
                annotations[CniNames.Ipv4PoolsAnnotation] = RequestedPools(p);
                break;
            case 8:
                annotations[CniNames.IpAddrsAnnotation] = $"[\"{Address(p, ipv6: false)}\"]";
                break;
            case 9:
                switch (p % 4)
                {
                    case 0:
                        annotations[CniNames.IpAddrsAnnotation] = $"[\"{Address(p, false)}\",\"{Address(p / 3 + 1, false)}\"]";
                        expected = "cannot have more than one IPv4 address for \"cni.projectcalico.org/ipAddrs\" annotation";
                        break;
                    case 1:
                        annotations[CniNames.IpAddrsAnnotation] = "[]";
                        expected = "annotation \"cni.projectcalico.org/ipAddrs\" specified but empty";
                        break;
                    case 2:
                        annotations[CniNames.IpAddrsAnnotation] = HasIpv6
                            ? $"[\"{Address(p, false)}\",\"{Address(p / 5, true)}\"]"
                            : $"[\"{Address(p, false)}\"]";
                        break;
                    default:
                        annotations[CniNames.IpAddrsAnnotation] = $"[\"172.16.0.{p % 250}\"]";
                        expected = "error getting IP from IPAM: The provided IP address is not in a configured pool\n";
                        break;
                }
                break;
        }
        var name = "pod-" + _pods++.ToString(CultureInfo.InvariantCulture);
        var pod = _cluster.CreatePod(new PodSpec { Namespace = ns, Name = name, Node = node, Annotations = annotations });
        var summary = $"{ns}/{name} on {node} {string.Join(" ", annotations.Select(a => a.Key.Split('/')[1] + "=" + a.Value))} => {Describe(pod)}";
        if (expected is not null && (pod.Status != PodStatus.ContainerCreating || pod.Message != expected))
        {
            Fail($"{summary}: expected the CNI error \"{expected}\"");
        }
        return summary;
    }

    private string DeletePod(Op op)
    {
        var pods = _cluster.GetPods();
        if (pods.Count == 0)
        {
            return "no pods";
        }
        var pod = pods[op.A % pods.Count];
        _cluster.DeletePod(pod.Namespace, pod.Name);
        return $"deleted {pod.Namespace}/{pod.Name} ({Describe(pod)})";
    }

    private string ReleasePodIp(Op op)
    {
        var running = _cluster.GetPods().Where(p => p.Status == PodStatus.Running).ToList();
        if (running.Count == 0)
        {
            return "no running pods";
        }
        var pod = running[op.A % running.Count];
        return ReleaseLiveAddress(pod, pod.IPs[op.B % pod.IPs.Count]);
    }

    private string ReleaseRandomIp(Op op)
    {
        var ip = Address(op.A, HasIpv6 && op.B % 4 == 0);
        var held = _cluster.FindAllocation(ip);
        if (held is not null)
        {
            var pod = _cluster.GetPods().FirstOrDefault(p => p.Handle == held.Handle && p.Status == PodStatus.Running);
            return pod is null ? $"{ip} is held by {held.Handle}: skipped" : ReleaseLiveAddress(pod, ip);
        }
        try
        {
            _cluster.ReleaseIp(ip);
        }
        catch (IpamException e) when (e.Error == IpamError.NotAssigned)
        {
            if (e.Message != $"IP address {ip} is not assigned")
            {
                Fail($"ReleaseIp({ip}) said \"{e.Message}\"");
            }
            return $"ReleaseIp({ip}): {e.Message}";
        }
        Fail($"ReleaseIp({ip}) of an unallocated address succeeded");
        return "";
    }

    // calicoctl ipam release --ip of an address a running pod still uses: calicoctl ipam check
    // then reports it (c) (or, if a waiting pod got it at once, "multiple owners"). The operator
    // then deletes the pod, so later steps see a consistent cluster again.
    private string ReleaseLiveAddress(Pod pod, IpAddress ip)
    {
        var released = _cluster.ReleaseIp(ip);
        if (released.Handle != pod.Handle)
        {
            Fail($"ReleaseIp({ip}) released handle {released.Handle}, but {pod.Name} holds it with {pod.Handle}");
        }
        var holder = _cluster.FindAllocation(ip);
        var report = _cluster.CheckIpam();
        var users = Users(_cluster.GetPods(), _cluster.GetNodes());
        var enabled = _cluster.GetPools().Where(p => !p.Disabled).ToList();
        var expectedB = users.Select(u => u.Ip).Distinct().Count(a => !enabled.Any(p => p.Network.Contains(a)));
        string detail;
        if (holder is null)
        {
            var c = enabled.Any(p => p.Network.Contains(ip)) ? 1 : 0;
            if (report.InUseWithoutAllocationCount != c || report.LeakedIpCount != 0 || report.LeakedHandleCount != 0
                || report.InUseNotInPoolCount != expectedB || report.ProblemCount != expectedB + c)
            {
                Fail($"after ReleaseIp({ip}) of {pod.Name}'s address ipam check should find {c} (c) and {expectedB} (b) problems:\n"
                    + string.Join("\n", report.Problems));
            }
            detail = c == 1 ? "(c) in use without allocation" : "(b) not in an active pool";
        }
        else
        {
            var other = _cluster.GetPods().FirstOrDefault(p => p.Handle == holder.Handle && p.Status == PodStatus.Running);
            if (other is null)
            {
                Fail($"after ReleaseIp({ip}) the address is held by {holder.Handle}, which no running pod has");
                return "";
            }
            var staleFirst = ComparePods(pod, other) < 0;
            var expected = expectedB + 1 + (staleFirst ? 1 : 0);
            if (!report.Problems.Contains($"{ip} has multiple owners.") || report.LeakedIpCount != (staleFirst ? 1 : 0)
                || report.ProblemCount != expected)
            {
                Fail($"after ReleaseIp({ip}) {other.Name} got the address: ipam check should find {expected} problems:\n"
                    + string.Join("\n", report.Problems));
            }
            detail = $"{other.Name} got it at once";
        }
        _cluster.DeletePod(pod.Namespace, pod.Name);
        return $"ReleaseIp({ip}) of {pod.Namespace}/{pod.Name}: {detail}; pod deleted";
    }

    private string CreateReservation(Op op)
    {
        if (_cluster.GetReservations().Count >= 4)
        {
            return "4 reservations already";
        }
        var ipv6 = HasIpv6 && op.B % 5 == 0;
        var address = Address(op.A, ipv6);
        var bits = ipv6 ? 128 : 32;
        var prefix = (op.B / 5 % 4) switch { 0 or 1 => bits, 2 => bits - 2, _ => bits - 3 };
        var text = prefix == bits ? address.ToString() : new Cidr(address, prefix).Masked.ToString();
        var name = "res-" + _reservations++.ToString(CultureInfo.InvariantCulture);
        _cluster.CreateReservation(name, new[] { text });
        return $"{name} = {text}";
    }

    private string DeleteReservation(Op op)
    {
        var reservations = _cluster.GetReservations();
        if (reservations.Count == 0)
        {
            return "no reservations";
        }
        var reservation = reservations[op.A % reservations.Count];
        _cluster.DeleteReservation(reservation.Name);
        return $"deleted {reservation.Name}";
    }

    private string TogglePool(Op op)
    {
        var pools = _cluster.GetPools();
        if (pools.Count == 0)
        {
            return "no pools";
        }
        var pool = pools[op.A % pools.Count];
        _cluster.UpdatePool(pool.Name, s => s with { Disabled = !pool.Disabled });
        return $"{pool.Name} disabled={!pool.Disabled}";
    }

    private string DeletePool(Op op)
    {
        var pools = _cluster.GetPools();
        if (pools.Count == 0)
        {
            return "no pools";
        }
        var pool = pools[op.A % pools.Count];
        _cluster.DeletePool(pool.Name);
        _deleted.Add((pool.Name, pool.ToSpec()));
        return $"deleted {pool.Name} {pool.Cidr}";
    }

    private string RecreatePool(Op op)
    {
        if (_deleted.Count == 0)
        {
            return "no deleted pools";
        }
        var index = op.A % _deleted.Count;
        var (name, spec) = _deleted[index];
        var cidr = Cidr.Parse(spec.Cidr);
        if (_cluster.GetPools().Any(p => p.Name == name || p.Network.Overlaps(cidr)))
        {
            return $"{name} {spec.Cidr} would overlap: skipped";
        }
        if (op.B % 3 == 0)
        {
            // Another block size: clientv3's create refuses it while blocks of the old size
            // (orphans holding addresses) overlap the range.
            var sizes = cidr.IsIPv6 ? new[] { 125, 126, 127 } : new[] { 29, 30, 31 };
            var original = spec.BlockSize;
            spec = spec with { BlockSize = sizes.First(n => n != original && n >= cidr.PrefixLength) };
            var conflict = _cluster.GetBlocks().Any(b => b.Cidr.PrefixLength != spec.BlockSize && b.Cidr.Overlaps(cidr));
            try
            {
                _cluster.CreatePool(name, spec);
            }
            catch (CalicoValidationException e) when (conflict)
            {
                var text = $"error with field IPPool.Spec.BlockSize = '{spec.BlockSize}' "
                    + "(IPPool blocksSize conflicts with existing allocations that use a different blockSize)";
                if (e.Message != text)
                {
                    Fail($"re-creating {name} with /{spec.BlockSize} blocks failed with \"{e.Message}\"");
                }
                return $"{name} {spec.Cidr} /{spec.BlockSize}: {e.Message}";
            }
            if (conflict)
            {
                Fail($"re-creating {name} {spec.Cidr} with /{spec.BlockSize} blocks over blocks of another size succeeded");
            }
            _deleted.RemoveAt(index);
            return $"re-created {name} {spec.Cidr} with /{spec.BlockSize} blocks";
        }
        _cluster.CreatePool(name, spec);
        _deleted.RemoveAt(index);
        return $"re-created {name} {spec.Cidr}";
    }

    private string ChangeSelector(Op op)
    {
        var pools = _cluster.GetPools();
        if (pools.Count == 0)
        {
            return "no pools";
        }
        var pool = pools[op.A % pools.Count];
        var selector = Scenarios.Selectors[op.B % Scenarios.Selectors.Length];
        _cluster.UpdatePool(pool.Name, s => s with { NodeSelector = selector });
        return $"{pool.Name} nodeSelector=\"{selector}\"";
    }

    private string ChangeEncapsulation(Op op)
    {
        var pools = _cluster.GetPools().Where(p => !p.IsIPv6).ToList();
        if (pools.Count == 0)
        {
            return "no pools";
        }
        var pool = pools[op.A % pools.Count];
        var (ipip, vxlan) = (op.B % 3) switch { 0 => ("Never", "Never"), 1 => ("Always", "Never"), _ => ("Never", "Always") };
        _cluster.UpdatePool(pool.Name, s => s with { IpipMode = ipip, VxlanMode = vxlan });
        return $"{pool.Name} ipipMode={ipip} vxlanMode={vxlan}";
    }

    private string SetConfig(Op op)
    {
        var config = Scenarios.Config(op.A);
        _cluster.SetIpamConfig(config);
        return $"strict={config.StrictAffinity} maxBlocksPerHost={config.MaxBlocksPerHost} autoAllocateBlocks={config.AutoAllocateBlocks}";
    }

    private string SplitPool(Op op)
    {
        var pools = _cluster.GetPools();
        if (pools.Count == 0)
        {
            return "no pools";
        }
        var pool = pools[op.A % pools.Count];
        try
        {
            var children = _cluster.SplitPool(pool.Name, 2);
            return $"split {pool.Name} into {string.Join(", ", children.Select(c => c.Name + " " + c.Cidr))}";
        }
        catch (IpamException e)
        {
            if (!_cluster.GetPools().SequenceEqual(pools))
            {
                Fail($"a failed split of {pool.Name} changed the pools");
            }
            return $"split {pool.Name} failed: {e.Message}";
        }
    }

    // ---- choosing things ----------------------------------------------------------------

    private IpAddress Address(int seed, bool ipv6)
    {
        var ranges = _ranges.Where(r => r.IsIPv6 == ipv6).ToArray();
        if (ranges.Length == 0)
        {
            ranges = _ranges;
        }
        var range = ranges[seed % ranges.Length];
        var size = (ulong)range.Size;
        return range.Network.Add((ulong)(seed / ranges.Length) % size);
    }

    private string RequestedPools(int seed)
    {
        var pools = _cluster.GetPools().Where(p => !p.IsIPv6).ToList();
        var count = 1 + seed % 2;
        var entries = new List<string>();
        for (var j = 0; j < count; j++)
        {
            var pick = (seed >> (1 + 5 * j)) & 31;
            if (pick == 31 || pools.Count == 0)
            {
                entries.Add("no-such-pool");
                continue;
            }
            var pool = pools[pick % pools.Count];
            entries.Add((pick & 16) != 0 ? pool.Cidr : pool.Name);
        }
        return "[" + string.Join(",", entries.Select(e => "\"" + e + "\"")) + "]";
    }

    private static string Describe(Pod pod) =>
        pod.Status == PodStatus.Running
            ? $"{pod.Status} {string.Join(",", pod.IPs)}"
            : $"{pod.Status} \"{pod.Message.Replace("\n", "\\n")}\"";

    private static int ComparePods(Pod a, Pod b)
    {
        var c = string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    private static List<(IpAddress Ip, string Handle, string Who)> Users(IReadOnlyList<Pod> pods, IReadOnlyList<Node> nodes)
    {
        var users = new List<(IpAddress, string, string)>();
        foreach (var pod in pods)
        {
            users.AddRange(pod.IPs.Select(ip => (ip, pod.Handle, $"pod {pod.Namespace}/{pod.Name}")));
        }
        foreach (var node in nodes)
        {
            if (node.IpipTunnelAddress.Length > 0)
            {
                users.Add((IpAddress.Parse(node.IpipTunnelAddress), "ipip-tunnel-addr-" + node.Name, $"ipip tunnel of {node.Name}"));
            }
            if (node.VxlanTunnelAddress.Length > 0)
            {
                users.Add((IpAddress.Parse(node.VxlanTunnelAddress), "vxlan-tunnel-addr-" + node.Name, $"vxlan tunnel of {node.Name}"));
            }
        }
        return users;
    }

    // ---- invariants ---------------------------------------------------------------------

    /// <summary>
    /// After every step: (1) no address is used twice (pods and tunnels); (2) every allocation
    /// lies inside its block, whose sequence number is past the allocation's; (3) per block,
    /// Unallocated plus the allocated ordinals is every ordinal exactly once, and InUse agrees;
    /// (4) handle counts equal the allocations per (handle, block), no more, no less; (5) block
    /// affinities (GetBlocks) and BlockAffinity objects agree exactly, and name existing nodes;
    /// no empty block without affinity survives; (6) every allocation belongs to a running pod or
    /// a node's tunnel with that address and handle, and every such address is allocated under
    /// its handle (no leak, no loss); pods not running hold nothing; (7) a new allocation made
    /// under strict affinity is in a block of its own node; a new auto-assigned address is not
    /// reserved; (8) calicoctl ipam check finds nothing but the (b) problems of pods whose
    /// pool is disabled or gone.
    /// </summary>
    public void Verify(string step)
    {
        var pods = _cluster.GetPods();
        var nodes = _cluster.GetNodes();
        var blocks = _cluster.GetBlocks();
        var allocations = _cluster.GetAllocations();
        var affinities = _cluster.GetBlockAffinities();
        var pools = _cluster.GetPools();
        var config = _cluster.GetIpamConfig();

        // (1) one user per address.
        var users = Users(pods, nodes);
        foreach (var group in users.GroupBy(u => u.Ip).Where(g => g.Count() > 1))
        {
            Fail($"{step}: {group.Key} is used by {string.Join(" and ", group.Select(u => u.Who))}");
        }
        foreach (var pod in pods)
        {
            if (pod.Status == PodStatus.Running && (pod.IPs.Count == 0 || pod.IPs[0].IsIPv6 && pod.IPs.Count > 1))
            {
                Fail($"{step}: running pod {pod.Name} has addresses [{string.Join(",", pod.IPs)}]");
            }
            if (pod.Status != PodStatus.Running && pod.IPs.Count > 0)
            {
                Fail($"{step}: {pod.Status} pod {pod.Name} has addresses [{string.Join(",", pod.IPs)}]");
            }
        }

        // (2) and (3): allocations inside their blocks; the ordinals partitioned.
        var blockByCidr = blocks.ToDictionary(b => b.Cidr);
        foreach (var a in allocations)
        {
            if (!blockByCidr.TryGetValue(a.Block, out var block) || !a.Block.Contains(a.Ip))
            {
                Fail($"{step}: allocation {a.Ip} is not inside an existing block {a.Block}");
                continue;
            }
            if (a.SequenceNumber is not { } seq || seq >= block.SequenceNumber)
            {
                Fail($"{step}: allocation {a.Ip} has sequence number {a.SequenceNumber}, block {block.SequenceNumber}");
            }
        }
        var byBlock = allocations.GroupBy(a => a.Block).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var block in blocks)
        {
            var free = block.Unallocated;
            var used = byBlock.TryGetValue(block.Cidr, out var list)
                ? list.Select(a => (int)a.Ip.OffsetFrom(block.Cidr.Network)).ToList()
                : new List<int>();
            var all = free.Concat(used).ToList();
            if (all.Count != block.Capacity || all.Distinct().Count() != block.Capacity || all.Any(o => o < 0 || o >= block.Capacity))
            {
                Fail($"{step}: block {block.Cidr} free [{string.Join(",", free)}] + allocated [{string.Join(",", used)}] "
                    + $"is not each of its {block.Capacity} ordinals once");
            }
            if (block.InUse != used.Count)
            {
                Fail($"{step}: block {block.Cidr} says {block.InUse} in use but holds {used.Count} allocations");
            }
            if (block.Affinity.Length == 0 && used.Count == 0)
            {
                Fail($"{step}: block {block.Cidr} is empty and has no affinity but was not deleted");
            }
            if (block.Affinity.Length > 0 && nodes.All(n => n.Name != block.Affinity))
            {
                Fail($"{step}: block {block.Cidr} is affine to unknown node {block.Affinity}");
            }
        }

        // (4) handles.
        var expectedHandles = allocations.Where(a => a.Handle.Length > 0)
            .GroupBy(a => (a.Handle, a.Block)).ToDictionary(g => g.Key, g => g.Count());
        var actualHandles = _cluster.State().Handles
            .SelectMany(h => h.Value.Select(b => (Key: (h.Key, b.Key), Count: b.Value)))
            .ToDictionary(x => x.Key, x => x.Count);
        foreach (var pair in expectedHandles)
        {
            if (!actualHandles.TryGetValue(pair.Key, out var count) || count != pair.Value)
            {
                Fail($"{step}: handle {pair.Key.Handle} holds {pair.Value} addresses in {pair.Key.Block} but counts {count}");
            }
        }
        foreach (var pair in actualHandles.Where(p => !expectedHandles.ContainsKey(p.Key)))
        {
            Fail($"{step}: handle {pair.Key.Item1} counts {pair.Value} addresses in {pair.Key.Item2}, which holds none of them");
        }

        // (5) affinities.
        var fromBlocks = blocks.Where(b => b.Affinity.Length > 0).Select(b => (b.Affinity, b.Cidr)).OrderBy(x => x.Cidr).ToList();
        var fromAffinities = affinities.Select(a => (a.Node, a.Cidr)).OrderBy(x => x.Cidr).ToList();
        if (!fromBlocks.SequenceEqual(fromAffinities))
        {
            Fail($"{step}: blocks say affinities [{string.Join(", ", fromBlocks)}] but BlockAffinities are [{string.Join(", ", fromAffinities)}]");
        }

        // (6) allocations and users match one to one.
        var userKeys = users.Select(u => (u.Ip, u.Handle)).ToHashSet();
        foreach (var a in allocations)
        {
            if (!userKeys.Contains((a.Ip, a.Handle)))
            {
                Fail($"{step}: allocation {a.Ip} (handle {a.Handle}, node {a.Node}, pod {a.Pod}) is used by nobody: leaked");
            }
        }
        var allocated = allocations.ToDictionary(a => a.Ip);
        foreach (var user in users)
        {
            if (!allocated.TryGetValue(user.Ip, out var a) || a.Handle != user.Handle)
            {
                Fail($"{step}: {user.Who} uses {user.Ip}, which is not allocated to handle {user.Handle}");
            }
        }

        // (7) new allocations: no borrowing under strict affinity; auto-assign skips reservations.
        var reserved = _cluster.GetReservations().SelectMany(r => r.ReservedCidrs)
            .Select(t => IpReservationParser.TryParse(t, out var c) ? c : (Cidr?)null)
            .Where(c => c is not null).Select(c => c!.Value).ToList();
        var current = new HashSet<(IpAddress, string, ulong?)>();
        foreach (var a in allocations)
        {
            current.Add((a.Ip, a.Handle, a.SequenceNumber));
            if (_previous.Contains((a.Ip, a.Handle, a.SequenceNumber)))
            {
                continue;
            }
            if (config.StrictAffinity && a.BlockOwner != a.Node)
            {
                Fail($"{step}: {a.Ip} went to {a.Node} from {a.Block} owned by \"{a.BlockOwner}\" under strict affinity");
            }
            var owner = pods.FirstOrDefault(p => p.Handle == a.Handle);
            var specific = owner is not null && owner.Annotations.ContainsKey(CniNames.IpAddrsAnnotation);
            if (!specific && reserved.Any(r => r.Contains(a.Ip)))
            {
                Fail($"{step}: auto-assign handed out reserved address {a.Ip} to {a.Handle}");
            }
        }
        _previous = current;

        // (8) calicoctl ipam check.
        var enabled = pools.Where(p => !p.Disabled).ToList();
        var expectedB = users.Select(u => u.Ip).Distinct().Count(ip => !enabled.Any(p => p.Network.Contains(ip)));
        var report = _cluster.CheckIpam();
        if (report.ProblemCount != expectedB || report.InUseNotInPoolCount != expectedB)
        {
            Fail($"{step}: ipam check should report only {expectedB} (b) problem(s), found:\n  " + string.Join("\n  ", report.Problems));
        }
    }

    private void Fail(string message) =>
        throw new InvariantViolation(message + "\n--- executed steps ---\n" + string.Join("\n", _log));
}
