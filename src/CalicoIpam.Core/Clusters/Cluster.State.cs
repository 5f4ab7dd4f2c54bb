using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The cluster's whole state as one YAML tree, and a cluster made from such a tree
/// (Export-Cluster / Import-Cluster; the format is docs/state-file.md). What the simulation
/// keeps only to be fast (pool block indexes, per-node affinity indexes, node load, each
/// ReplicaSet's pods per node, walk starts, route caches) is not written: it is rebuilt from
/// the restored state, which is what it always equals.
/// </summary>
public sealed partial class Cluster
{
    /// <summary>Everything the cluster is, as the document a state file holds.</summary>
    public YamlMapping ExportState()
    {
        lock (_gate)
        {
            var pools = _pools.Values.Select(ExportPool).ToList();
            var reservations = _ipam.ReservationObjects.Select(r => (YamlNode)new YamlMapping()
                .Add("name", S(r.Name))
                .Add("creationTimestamp", T(r.CreationTimestamp))
                .Add("reservedCidrs", L(r.ReservedCidrs.Select(c => (YamlNode)S(c))))).ToList();
            var nodes = _nodes.Values.Select(ExportNode).ToList();
            var namespaces = _namespaces.Values.Select(ns => (YamlNode)new YamlMapping()
                .Add("name", S(ns.Name))
                .Add("creationTimestamp", T(ns.CreationTimestamp))
                .Add("labels", M(ns.Labels))
                .Add("annotations", M(ns.Annotations))).ToList();
            var deployments = _deployments.Values.Select(ExportDeployment).ToList();
            var pods = _pods.Values.Select(ExportPod).ToList();
            var blocks = _ipam.BlocksInNameOrder();
            var handles = _ipam.Handles.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => (YamlNode)new YamlMapping()
                .Add("handle", S(h.Key))
                .Add("blocks", BlockCounts(h.Value))).ToList();
            var events = _events.Select(e => (YamlNode)new YamlMapping()
                .Add("time", T(e.Time))
                .Add("type", S(e.Type))
                .Add("reason", S(e.Reason))
                .Add("object", S(e.Object))
                .Add("namespace", S(e.Namespace))
                .Add("message", S(e.Message))).ToList();
            var stored = _stored.Values.Select(o => (YamlNode)new YamlMapping()
                .Add("apiVersion", S(o.ApiVersion))
                .Add("kind", S(o.Kind))
                .Add("namespace", S(o.Namespace))
                .Add("name", S(o.Name))
                .Add("object", o.Root)).ToList();
            var config = _ipam.Config;
            return new YamlMapping()
                .Add("apiVersion", S(ClusterStateFile.ApiVersion))
                .Add("kind", S(ClusterStateFile.Kind))
                .Add("version", N(ClusterStateFile.FormatVersion))
                .Add("cluster", new YamlMapping()
                    .Add("name", S(Name))
                    .Add("seed", N(Seed))
                    .Add("clock", T(Clock.Now))
                    .Add("randomState", N(Random.State)))
                .Add("ipamConfig", new YamlMapping()
                    .Add("strictAffinity", B(config.StrictAffinity))
                    .Add("autoAllocateBlocks", B(config.AutoAllocateBlocks))
                    .Add("maxBlocksPerHost", N(config.MaxBlocksPerHost)))
                .Add("pools", L(pools))
                .Add("reservations", L(reservations))
                .Add("nodes", L(nodes))
                .Add("namespaces", L(namespaces))
                .Add("deployments", L(deployments))
                .Add("pods", L(pods))
                .Add("scheduler", new YamlMapping()
                    .Add("unscheduled", L(_unscheduled.Snapshot().Select(k => (YamlNode)S(PodRef(k)))))
                    .Add("waiting", L(_waiting.Snapshot().Select(k => (YamlNode)S(PodRef(k))))))
                .Add("blocks", L(blocks.Select(ExportBlock)))
                .Add("handles", L(handles))
                .Add("events", L(events))
                .Add("storedObjects", L(stored))
                // Written last: a file cut short lacks it, and each count must match its list.
                .Add("counts", new YamlMapping()
                    .Add("pools", N(pools.Count))
                    .Add("reservations", N(reservations.Count))
                    .Add("nodes", N(nodes.Count))
                    .Add("namespaces", N(namespaces.Count))
                    .Add("deployments", N(deployments.Count))
                    .Add("replicaSets", N(_replicaSets.Count))
                    .Add("pods", N(pods.Count))
                    .Add("blocks", N(blocks.Count))
                    .Add("allocations", N(blocks.Sum(b => b.InUse)))
                    .Add("handles", N(handles.Count))
                    .Add("events", N(events.Count))
                    .Add("storedObjects", N(stored.Count)));
        }
    }

    /// <summary>
    /// A new cluster from a state document. Everything is checked first — the header and
    /// version, every field's type, every reference, every block's ordinals, the handles — and
    /// then the new cluster's own Test-Ipam must find nothing a simulated cluster cannot have
    /// (calicoctl-style findings such as a leaked address are states a cluster can be in, and
    /// are kept). Throws <see cref="StateFileException"/> naming the first problem; no
    /// existing cluster is touched either way.
    /// </summary>
    public static Cluster ImportState(YamlNode document)
    {
        if (document is null)
        {
            throw new ArgumentNullException(nameof(document));
        }
        var root = StateMap.From(document, "");
        CheckHeader(root);
        if (!root.Has("counts"))
        {
            throw new StateFileException("counts", "the field is missing: the file ends early (was it cut short?); counts is written last", root.Node);
        }
        var header = root.Map("cluster");
        var name = header.Name("name");
        var seed = header.Int("seed");
        var clock = header.Time("clock");
        var randomState = header.UInt64("randomState");
        if (randomState == 0)
        {
            throw new StateFileException(header.PathOf("randomState"), "must not be 0 (the generator's state is never 0)", header.Node["randomState"]);
        }
        header.End();

        var cluster = new Cluster(name, seed, clock);
        lock (cluster._gate)
        {
            cluster.Random.State = randomState;
            cluster._namespaces.Clear();
            cluster.Restore(root);
            root.End();
        }
        cluster.CheckRestoredIpam();
        return cluster;
    }

    private static void CheckHeader(StateMap root)
    {
        var apiVersion = root.String("apiVersion");
        if (apiVersion != ClusterStateFile.ApiVersion)
        {
            throw new StateFileException("apiVersion", $"\"{apiVersion}\" is not {ClusterStateFile.ApiVersion}: this is not a CalicoIpam cluster state file",
                root.Node["apiVersion"]);
        }
        var kind = root.String("kind");
        if (kind != ClusterStateFile.Kind)
        {
            throw new StateFileException("kind", $"\"{kind}\" is not {ClusterStateFile.Kind}: this is not a CalicoIpam cluster state file"
                + " (manifests are read by Import-Manifest)", root.Node["kind"]);
        }
        var version = root.Int("version");
        if (version > ClusterStateFile.FormatVersion)
        {
            throw new StateFileException("version", $"the file has format version {version.ToString(CultureInfo.InvariantCulture)}, written by a newer CalicoIpam; "
                + $"this one reads format versions 1 to {ClusterStateFile.FormatVersion.ToString(CultureInfo.InvariantCulture)}. Update the module to import it",
                root.Node["version"]);
        }
        if (version < 1)
        {
            throw new StateFileException("version", $"{version.ToString(CultureInfo.InvariantCulture)} is not a format version (they start at 1)", root.Node["version"]);
        }
    }

    // ---- export helpers -------------------------------------------------------------------

    private static YamlMapping ExportPool(IpPool pool) => new YamlMapping()
        .Add("name", S(pool.Name))
        .Add("uid", S(pool.Uid))
        .Add("creationTimestamp", T(pool.CreationTimestamp))
        .Add("cidr", S(pool.Network.ToString()))
        .Add("blockSize", N(pool.BlockSize))
        .Add("ipipMode", S(pool.IpipMode.ToString()))
        .Add("vxlanMode", S(pool.VxlanMode.ToString()))
        .Add("natOutgoing", B(pool.NatOutgoing))
        .Add("disabled", B(pool.Disabled))
        .Add("disableBgpExport", B(pool.DisableBgpExport))
        .Add("nodeSelector", S(pool.NodeSelector))
        .Add("allowedUses", L(pool.AllowedUses.Select(u => (YamlNode)S(u.ToString()))))
        .Add("assignmentMode", S(pool.AssignmentMode.ToString()));

    private static YamlMapping ExportNode(Node node) => new YamlMapping()
        .Add("name", S(node.Name))
        .Add("creationTimestamp", T(node.CreationTimestamp))
        .Add("address", S(node.Address.ToString()))
        .Add("interface", S(node.Interface))
        .Add("role", S(node.Role.ToString()))
        .Add("labels", M(node.Labels))
        .Add("ipipTunnelAddress", S(node.IpipTunnelAddress))
        .Add("vxlanTunnelAddress", S(node.VxlanTunnelAddress));

    private YamlMapping ExportDeployment(Deployment deployment) => new YamlMapping()
        .Add("namespace", S(deployment.Namespace))
        .Add("name", S(deployment.Name))
        .Add("creationTimestamp", T(deployment.CreationTimestamp))
        .Add("replicas", N(deployment.Replicas))
        .Add("labels", M(deployment.Labels))
        .Add("selector", M(deployment.Selector))
        .Add("template", ExportTemplate(deployment.Template))
        // In creation order: the order the deployment controller walks its sets in.
        .Add("replicaSets", L(ReplicaSetsOf(deployment.Namespace, deployment.Name).Select(rs => (YamlNode)new YamlMapping()
            .Add("name", S(rs.Name))
            .Add("hash", S(rs.Hash))
            .Add("creationTimestamp", T(rs.CreationTimestamp))
            .Add("replicas", N(rs.Replicas))
            .Add("template", ExportTemplate(rs.Template)))));

    private static YamlMapping ExportTemplate(PodTemplate template) => new YamlMapping()
        .Add("labels", M(template.Labels))
        .Add("annotations", M(template.Annotations))
        .Add("nodeSelector", M(template.NodeSelector))
        .Add("containers", L(template.Containers.Select(c => (YamlNode)new YamlMapping().Add("name", S(c.Name)).Add("image", S(c.Image)))));

    private static YamlMapping ExportPod(Pod pod) => new YamlMapping()
        .Add("namespace", S(pod.Namespace))
        .Add("name", S(pod.Name))
        .Add("creationTimestamp", T(pod.CreationTimestamp))
        .Add("labels", M(pod.Labels))
        .Add("annotations", M(pod.Annotations))
        .Add("nodeSelector", M(pod.NodeSelector))
        .Add("replicaSet", S(pod.ReplicaSet))
        .Add("node", S(pod.Node))
        .Add("containerId", S(pod.ContainerId))
        .Add("status", S(pod.Status.ToString()))
        .Add("message", S(pod.Message))
        .Add("ips", L(pod.IPs.Select(ip => (YamlNode)S(ip.ToString()))));

    private static YamlMapping ExportBlock(AllocationBlock block)
    {
        var allocations = new YamlSequence();
        for (var ordinal = 0; ordinal < block.Capacity; ordinal++)
        {
            if (block.AttributeIndexOf(ordinal) is { } attribute)
            {
                var sequence = block.SequenceNumberForAllocation(ordinal);
                allocations.Items.Add(new YamlMapping()
                    .Add("ordinal", N(ordinal))
                    .Add("attribute", N(attribute))
                    .Add("sequenceNumber", sequence is { } s ? N(s) : Null()));
            }
        }
        return new YamlMapping()
            .Add("cidr", S(block.Cidr.ToString()))
            .Add("affinity", block.AffinityHost is { } host ? S(host) : Null())
            .Add("affinityClaimTime", block.AffinityClaimTime is { } claimed ? T(claimed) : Null())
            .Add("sequenceNumber", N(block.SequenceNumber))
            .Add("unallocated", S(OrdinalRanges.Format(block.Unallocated.ToArray())))
            .Add("attributes", L(block.Attributes.Select(a => (YamlNode)new YamlMapping()
                .Add("handle", a.HandleId is { } handle ? S(handle) : Null())
                .Add("owner", M(a.ActiveOwnerAttrs)))))
            .Add("allocations", allocations);
    }

    private static YamlMapping BlockCounts(Dictionary<Net.Cidr, int> blocks)
    {
        var mapping = new YamlMapping();
        foreach (var pair in blocks.OrderBy(p => p.Key))
        {
            mapping.Add(pair.Key.ToString(), N(pair.Value));
        }
        return mapping;
    }

    private static string PodRef((string Namespace, string Name) key) => key.Namespace + "/" + key.Name;

    private static YamlScalar S(string value) => new(value, quoted: true);

    private static YamlScalar N(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static YamlScalar N(ulong value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static YamlScalar B(bool value) => new(value ? "true" : "false");

    private static YamlScalar Null() => new("null");

    private static YamlScalar T(DateTimeOffset time) => S(StateValues.FormatTime(time));

    private static YamlSequence L(IEnumerable<YamlNode> items)
    {
        var sequence = new YamlSequence();
        sequence.Items.AddRange(items);
        return sequence;
    }

    private static YamlMapping M(IEnumerable<KeyValuePair<string, string>> map)
    {
        var mapping = new YamlMapping();
        foreach (var pair in map)
        {
            mapping.Add(pair.Key, S(pair.Value));
        }
        return mapping;
    }
}

/// <summary>
/// A block's free-ordinal queue as text, head first: ascending runs of three or more as
/// <c>first-last</c>, other ordinals alone, comma-separated ("5-63,0,2"); an empty queue is "".
/// </summary>
internal static class OrdinalRanges
{
    public static string Format(IReadOnlyList<int> ordinals)
    {
        var text = new StringBuilder();
        for (var i = 0; i < ordinals.Count;)
        {
            var end = i;
            while (end + 1 < ordinals.Count && ordinals[end + 1] == ordinals[end] + 1)
            {
                end++;
            }
            if (end - i >= 2)
            {
                Append(text, ordinals[i].ToString(CultureInfo.InvariantCulture) + "-" + ordinals[end].ToString(CultureInfo.InvariantCulture));
                i = end + 1;
            }
            else
            {
                Append(text, ordinals[i].ToString(CultureInfo.InvariantCulture));
                i++;
            }
        }
        return text.ToString();
    }

    /// <summary>The ordinals of <paramref name="text"/>, or null with the problem; every ordinal
    /// must lie in [0, <paramref name="capacity"/>).</summary>
    public static List<int>? Parse(string text, int capacity, out string? problem)
    {
        problem = null;
        var result = new List<int>();
        if (text.Length == 0)
        {
            return result;
        }
        foreach (var item in text.Split(','))
        {
            var dash = item.IndexOf('-');
            if (dash >= 0)
            {
                if (!TryOrdinal(item.Substring(0, dash), capacity, out var first, ref problem)
                    || !TryOrdinal(item.Substring(dash + 1), capacity, out var last, ref problem))
                {
                    return null;
                }
                if (last <= first)
                {
                    problem = $"the run \"{item}\" does not ascend";
                    return null;
                }
                if (result.Count + (last - first + 1) > capacity)
                {
                    problem = $"more free ordinals than the block's {capacity.ToString(CultureInfo.InvariantCulture)} addresses";
                    return null;
                }
                for (var ordinal = first; ordinal <= last; ordinal++)
                {
                    result.Add(ordinal);
                }
            }
            else
            {
                if (!TryOrdinal(item, capacity, out var ordinal, ref problem))
                {
                    return null;
                }
                if (result.Count + 1 > capacity)
                {
                    problem = $"more free ordinals than the block's {capacity.ToString(CultureInfo.InvariantCulture)} addresses";
                    return null;
                }
                result.Add(ordinal);
            }
        }
        return result;
    }

    private static bool TryOrdinal(string text, int capacity, out int ordinal, ref string? problem)
    {
        ordinal = 0;
        if (text.Length == 0 || text.Length > 10 || text.Any(c => c < '0' || c > '9')
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ordinal))
        {
            problem = $"\"{text}\" is not an ordinal (the form is e.g. \"5-63,0,2\")";
            return false;
        }
        if (ordinal >= capacity)
        {
            problem = $"ordinal {text} is outside the block (0-{(capacity - 1).ToString(CultureInfo.InvariantCulture)})";
            return false;
        }
        return true;
    }

    private static void Append(StringBuilder text, string item)
    {
        if (text.Length > 0)
        {
            text.Append(',');
        }
        text.Append(item);
    }
}
