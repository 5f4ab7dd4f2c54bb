using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// Reading a state document into a fresh cluster (see <see cref="ImportState"/>): each section
/// is checked as it is read, cross-references against the sections read before it, and the
/// indexes the simulation keeps for speed are rebuilt at the end. The cluster is new and
/// unreachable until the import returns, so a refused file leaves nothing behind.
/// </summary>
public sealed partial class Cluster
{
    /// <summary>The largest block a state file may hold (2^24 addresses), and the most
    /// addresses all its blocks may span together: the simulator keeps an entry per address.</summary>
    private const int MaxRestoredBlockBits = 24;
    private const long MaxRestoredAddresses = 1L << 26;

    private void Restore(StateMap root)
    {
        RestoreIpamConfig(root.Map("ipamConfig"));
        RestorePools(root.Maps("pools"));
        RestoreReservations(root.Maps("reservations"));
        RestoreNodes(root.Maps("nodes"));
        RestoreNamespaces(root.Maps("namespaces"));
        RestoreDeployments(root.Maps("deployments"));
        RestorePods(root.Maps("pods"));
        RestoreQueues(root.Map("scheduler"));
        var handleCounts = RestoreBlocks(root.Maps("blocks"), out var allocations);
        RestoreHandles(root, handleCounts);
        RestoreEvents(root.Maps("events"));
        RestoreStoredObjects(root.Maps("storedObjects"));
        CheckCounts(root.Map("counts"), allocations);
        RebuildIndexes();
    }

    // ---- sections -------------------------------------------------------------------------

    private void RestoreIpamConfig(StateMap m)
    {
        var config = new IpamConfig
        {
            StrictAffinity = m.Bool("strictAffinity"),
            AutoAllocateBlocks = m.Bool("autoAllocateBlocks"),
            MaxBlocksPerHost = m.Int("maxBlocksPerHost", 0),
        };
        m.End();
        try
        {
            config.Validate();
        }
        catch (IpamException e)
        {
            throw new StateFileException(m.Path, e.Message, m.Node);
        }
        _ipam.Config = config;
    }

    private void RestorePools(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var name = m.Name("name");
            var network = ReadCidr(m, "cidr", masked: true);
            var selector = m.String("nodeSelector");
            if (!Selectors.Selector.TryParse(selector, out _, out var error))
            {
                throw new StateFileException(m.PathOf("nodeSelector"), $"\"{selector}\" is not a selector Calico reads: {error}", m.Node["nodeSelector"]);
            }
            var pool = new IpPool
            {
                Name = name,
                Uid = m.String("uid"),
                CreationTimestamp = m.Time("creationTimestamp"),
                Network = network,
                BlockSize = m.Int("blockSize", network.PrefixLength, network.BitLength),
                IpipMode = m.Enum<EncapsulationMode>("ipipMode"),
                VxlanMode = m.Enum<EncapsulationMode>("vxlanMode"),
                NatOutgoing = m.Bool("natOutgoing"),
                Disabled = m.Bool("disabled"),
                DisableBgpExport = m.Bool("disableBgpExport"),
                NodeSelector = selector,
                AllowedUses = m.List("allowedUses").Select(i => StateValues.Enum<IpPoolAllowedUse>(i.Node, i.Path)).ToArray(),
                AssignmentMode = m.Enum<AssignmentMode>("assignmentMode"),
                Cluster = this,
            };
            m.End();
            AddOnce(_pools, name, pool, m, "name", $"pool \"{name}\"");
        }
    }

    private void RestoreReservations(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var reservation = new IpReservation
            {
                Name = m.Name("name"),
                CreationTimestamp = m.Time("creationTimestamp"),
                ReservedCidrs = m.Strings("reservedCidrs"),
                Cluster = this,
            };
            m.End();
            if (_ipam.FindReservation(reservation.Name) is not null)
            {
                throw Duplicate(m, "name", $"reservation \"{reservation.Name}\"");
            }
            _ipam.PutReservation(reservation);
        }
    }

    private void RestoreNodes(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var node = new Node
            {
                Name = m.Name("name"),
                CreationTimestamp = m.Time("creationTimestamp"),
                Address = ReadCidr(m, "address", masked: false),
                Interface = m.Name("interface"),
                Role = m.Enum<NodeRole>("role"),
                Labels = m.StringMap("labels"),
                IpipTunnelAddress = ReadOptionalIp(m, "ipipTunnelAddress"),
                VxlanTunnelAddress = ReadOptionalIp(m, "vxlanTunnelAddress"),
                Cluster = this,
            };
            m.End();
            AddOnce(_nodes, node.Name, node, m, "name", $"node \"{node.Name}\"");
        }
    }

    private void RestoreNamespaces(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var ns = new Namespace
            {
                Name = m.Name("name"),
                CreationTimestamp = m.Time("creationTimestamp"),
                Labels = m.StringMap("labels"),
                Annotations = m.StringMap("annotations"),
                Cluster = this,
            };
            m.End();
            AddOnce(_namespaces, ns.Name, ns, m, "name", $"namespace \"{ns.Name}\"");
        }
    }

    private void RestoreDeployments(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var ns = RequireNamespace(m, "namespace");
            var deployment = new Deployment
            {
                Namespace = ns,
                Name = m.Name("name"),
                CreationTimestamp = m.Time("creationTimestamp"),
                Replicas = m.Int("replicas", 0),
                Labels = m.StringMap("labels"),
                Selector = m.StringMap("selector"),
                Template = ReadTemplate(m.Map("template")),
                Cluster = this,
            };
            if (_deployments.ContainsKey((ns, deployment.Name)))
            {
                throw Duplicate(m, "name", $"deployment \"{ns}/{deployment.Name}\"");
            }
            var sets = new List<string>();
            foreach (var r in m.Maps("replicaSets"))
            {
                var rs = new ReplicaSet
                {
                    Namespace = ns,
                    Deployment = deployment.Name,
                    Name = r.Name("name"),
                    Hash = r.Name("hash"),
                    CreationTimestamp = r.Time("creationTimestamp"),
                    Replicas = r.Int("replicas", 0),
                    Template = ReadTemplate(r.Map("template")),
                    Cluster = this,
                };
                r.End();
                if (rs.Name != deployment.Name + "-" + rs.Hash)
                {
                    throw new StateFileException(r.PathOf("name"),
                        $"a ReplicaSet of deployment \"{deployment.Name}\" with hash \"{rs.Hash}\" is named \"{deployment.Name}-{rs.Hash}\", not \"{rs.Name}\"", r.Node["name"]);
                }
                AddOnce(_replicaSets, (ns, rs.Name), rs, r, "name", $"ReplicaSet \"{ns}/{rs.Name}\"");
                _replicaSetOwners[(ns, rs.Name)] = deployment.Name;
                sets.Add(rs.Name);
            }
            m.End();
            _deployments.Add((ns, deployment.Name), deployment);
            if (sets.Count > 0)
            {
                _replicaSetsByDeployment[(ns, deployment.Name)] = sets;
            }
        }
    }

    private void RestorePods(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var ns = RequireNamespace(m, "namespace");
            var name = m.Name("name");
            var replicaSet = m.String("replicaSet");
            if (replicaSet.Length > 0 && !_replicaSets.ContainsKey((ns, replicaSet)))
            {
                throw new StateFileException(m.PathOf("replicaSet"), $"ReplicaSet \"{ns}/{replicaSet}\" is not among the deployments' replicaSets", m.Node["replicaSet"]);
            }
            var node = m.String("node");
            if (node.Length > 0 && !_nodes.ContainsKey(node))
            {
                throw new StateFileException(m.PathOf("node"), $"node \"{node}\" is not among the file's nodes", m.Node["node"]);
            }
            var containerId = m.String("containerId");
            if (containerId.Length > 0 && (containerId.Length != 64 || containerId.Any(c => !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))))
            {
                throw new StateFileException(m.PathOf("containerId"), "a container id is empty or 64 lower-case hexadecimal characters", m.Node["containerId"]);
            }
            var status = m.Enum<PodStatus>("status");
            var ips = m.List("ips").Select(i => ReadIp(i.Node, i.Path)).ToArray();
            var pod = new Pod
            {
                Namespace = ns,
                Name = name,
                CreationTimestamp = m.Time("creationTimestamp"),
                Labels = m.StringMap("labels"),
                Annotations = m.StringMap("annotations"),
                NodeSelector = m.StringMap("nodeSelector"),
                ReplicaSet = replicaSet,
                Node = node,
                ContainerId = containerId,
                Status = status,
                Message = m.String("message"),
                IPs = ips,
                Cluster = this,
            };
            m.End();
            // What the pod lifecycle allows: Pending exactly while unscheduled (no node, no
            // sandbox yet); a scheduled pod has a sandbox; only a running pod has addresses.
            if ((status == PodStatus.Pending) != (node.Length == 0))
            {
                throw new StateFileException(m.PathOf("status"), status == PodStatus.Pending
                    ? $"a Pending pod is not on a node, but this one is on \"{node}\""
                    : $"a {status} pod is on a node, but this one has none", m.Node["status"]);
            }
            if ((containerId.Length == 0) != (node.Length == 0))
            {
                throw new StateFileException(m.PathOf("containerId"), node.Length == 0
                    ? "a pod that is not on a node has no sandbox, so no container id"
                    : "a pod on a node has a sandbox, so a container id", m.Node["containerId"]);
            }
            if (ips.Length > 0 && status is PodStatus.Pending or PodStatus.ContainerCreating)
            {
                throw new StateFileException(m.PathOf("ips"), $"a {status} pod has no addresses", m.Node["ips"]);
            }
            AddOnce(_pods, (ns, name), pod, m, "name", $"pod \"{ns}/{name}\"");
        }
    }

    private void RestoreQueues(StateMap m)
    {
        RestoreQueue(m, "unscheduled", _unscheduled, PodStatus.Pending, "the scheduler's queue of pods no node can take yet");
        RestoreQueue(m, "waiting", _waiting, PodStatus.ContainerCreating, "kubelet's queue of sandboxes waiting for an address");
        m.End();
    }

    private void RestoreQueue(StateMap m, string key, OrderedSet<(string Namespace, string Name)> queue, PodStatus status, string what)
    {
        foreach (var (node, path) in m.List(key))
        {
            var text = StateValues.String(node, path);
            var slash = text.IndexOf('/');
            var podKey = slash > 0 ? (text.Substring(0, slash), text.Substring(slash + 1)) : ("", "");
            if (!_pods.TryGetValue(podKey, out var pod))
            {
                throw new StateFileException(path, $"\"{text}\" is not a pod of the file (entries are namespace/name)", node);
            }
            if (pod.Status != status)
            {
                throw new StateFileException(path, $"pod {text} is {pod.Status}, and {what} holds only {status} pods", node);
            }
            if (!queue.Add(podKey))
            {
                throw new StateFileException(path, $"pod {text} appears twice in the queue", node);
            }
        }
        var missing = _pods.Values.FirstOrDefault(p => p.Status == status && !queue.Contains((p.Namespace, p.Name)));
        if (missing is not null)
        {
            throw new StateFileException(m.PathOf(key), $"pod {missing.Namespace}/{missing.Name} is {status} but not in {what}", m.Node[key]);
        }
    }

    /// <summary>The blocks; returns what each handle holds in each block, by their allocations.</summary>
    private Dictionary<string, Dictionary<Cidr, int>> RestoreBlocks(IReadOnlyList<StateMap> items, out int allocationCount)
    {
        var saved = new List<(SavedBlock Block, StateMap Map)>();
        var handleCounts = new Dictionary<string, Dictionary<Cidr, int>>(StringComparer.Ordinal);
        var cidrs = new HashSet<Cidr>();
        long addresses = 0;
        allocationCount = 0;
        foreach (var m in items)
        {
            var block = ReadBlock(m, ref addresses);
            if (!cidrs.Add(block.Cidr))
            {
                throw Duplicate(m, "cidr", $"block {block.Cidr}");
            }
            if (block.AffinityHost is { } host && !_pools.Values.Any(p => p.Network.Overlaps(block.Cidr) && p.Network.PrefixLength <= block.Cidr.PrefixLength))
            {
                throw new StateFileException(m.PathOf("cidr"),
                    $"block {block.Cidr} is affine to \"{host}\" but lies in no pool; only an orphaned block (affinity null) may lie outside the pools", m.Node["cidr"]);
            }
            foreach (var allocation in block.Allocations)
            {
                if (block.Attributes[allocation.Attribute].HandleId is { } handle)
                {
                    if (!handleCounts.TryGetValue(handle, out var perBlock))
                    {
                        handleCounts[handle] = perBlock = new Dictionary<Cidr, int>();
                    }
                    perBlock.TryGetValue(block.Cidr, out var n);
                    perBlock[block.Cidr] = n + 1;
                }
            }
            allocationCount += block.Allocations.Count;
            saved.Add((block, m));
        }
        // Blocks never overlap (Calico finds an address's block by its pool's block size).
        var ordered = saved.OrderBy(s => s.Block.Cidr.IsIPv6).ThenBy(s => s.Block.Cidr.Network.ToBigInteger()).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (previous, current) = (ordered[i - 1].Block.Cidr, ordered[i].Block.Cidr);
            if (previous.Overlaps(current))
            {
                throw new StateFileException(ordered[i].Map.PathOf("cidr"), $"block {current} overlaps block {previous}", ordered[i].Map.Node["cidr"]);
            }
        }
        foreach (var (block, _) in saved)
        {
            BlockRestore.Restore(_ipam, block);
        }
        return handleCounts;
    }

    private SavedBlock ReadBlock(StateMap m, ref long addresses)
    {
        var cidr = ReadCidr(m, "cidr", masked: true);
        var hostBits = cidr.BitLength - cidr.PrefixLength;
        if (hostBits > MaxRestoredBlockBits)
        {
            throw new StateFileException(m.PathOf("cidr"), $"block {cidr} has more than 2^{MaxRestoredBlockBits} addresses, which the simulator does not hold", m.Node["cidr"]);
        }
        var capacity = 1 << hostBits;
        addresses += capacity;
        if (addresses > MaxRestoredAddresses)
        {
            throw new StateFileException(m.PathOf("cidr"), $"the blocks together span more than 2^26 addresses, which the simulator does not hold", m.Node["cidr"]);
        }
        var affinity = m.NullableString("affinity");
        if (affinity is { Length: 0 })
        {
            throw new StateFileException(m.PathOf("affinity"), "is a node name, or null for an orphaned block", m.Node["affinity"]);
        }
        var claimTime = m.NullableTime("affinityClaimTime");
        if ((affinity is null) != (claimTime is null))
        {
            throw new StateFileException(m.PathOf("affinityClaimTime"), affinity is null
                ? "an orphaned block (affinity null) has no claim time"
                : "a block with an affinity has the time it was claimed", m.Node["affinityClaimTime"]);
        }
        var sequenceNumber = m.UInt64("sequenceNumber");
        var unallocatedText = m.String("unallocated");
        var unallocated = OrdinalRanges.Parse(unallocatedText, capacity, out var problem)
            ?? throw new StateFileException(m.PathOf("unallocated"), problem!, m.Node["unallocated"]);

        var attributeMaps = m.Maps("attributes");
        var attributes = new List<AllocationAttribute>();
        foreach (var a in attributeMaps)
        {
            var attribute = new AllocationAttribute(a.NullableString("handle"), a.StringMap("owner"));
            a.End();
            var same = attributes.FindIndex(other => other.Equals(attribute));
            if (same >= 0)
            {
                throw new StateFileException(a.Path, $"is the same as attribute {same.ToString(CultureInfo.InvariantCulture)}: a block keeps one entry per distinct attribute", a.Node);
            }
            attributes.Add(attribute);
        }

        var allocated = new int?[capacity];
        var allocations = new List<SavedAllocation>();
        var used = new bool[attributes.Count];
        foreach (var x in m.Maps("allocations"))
        {
            var ordinal = x.Int("ordinal", 0, capacity - 1);
            var attribute = x.Int("attribute", 0);
            if (attribute >= attributes.Count)
            {
                throw new StateFileException(x.PathOf("attribute"),
                    $"points at attribute {attribute.ToString(CultureInfo.InvariantCulture)}, but the block has {attributes.Count.ToString(CultureInfo.InvariantCulture)} (an allocation with no attribute)",
                    x.Node["attribute"]);
            }
            var sequence = x.UInt64("sequenceNumber");
            x.End();
            if (sequence >= sequenceNumber)
            {
                throw new StateFileException(x.PathOf("sequenceNumber"),
                    $"{sequence.ToString(CultureInfo.InvariantCulture)} is not below the block's sequenceNumber {sequenceNumber.ToString(CultureInfo.InvariantCulture)} (the block was written after every allocation)",
                    x.Node["sequenceNumber"]);
            }
            if (allocated[ordinal] is not null)
            {
                throw new StateFileException(x.PathOf("ordinal"), $"ordinal {ordinal.ToString(CultureInfo.InvariantCulture)} is allocated twice", x.Node["ordinal"]);
            }
            allocated[ordinal] = attribute;
            used[attribute] = true;
            allocations.Add(new SavedAllocation(ordinal, attribute, sequence));
        }
        m.End();

        // The free queue and the allocations cover every ordinal exactly once.
        var free = new bool[capacity];
        foreach (var ordinal in unallocated)
        {
            var text = ordinal.ToString(CultureInfo.InvariantCulture);
            if (free[ordinal])
            {
                throw new StateFileException(m.PathOf("unallocated"), $"ordinal {text} is free twice", m.Node["unallocated"]);
            }
            if (allocated[ordinal] is not null)
            {
                throw new StateFileException(m.PathOf("unallocated"), $"ordinal {text} is both free and allocated", m.Node["unallocated"]);
            }
            free[ordinal] = true;
        }
        for (var ordinal = 0; ordinal < capacity; ordinal++)
        {
            if (!free[ordinal] && allocated[ordinal] is null)
            {
                throw new StateFileException(m.PathOf("unallocated"),
                    $"ordinal {ordinal.ToString(CultureInfo.InvariantCulture)} is neither free nor allocated", m.Node["unallocated"]);
            }
        }
        var unused = Array.IndexOf(used, false);
        if (unused >= 0)
        {
            throw new StateFileException(attributeMaps[unused].Path, "no allocation uses this attribute (Calico drops an attribute nobody uses)", attributeMaps[unused].Node);
        }
        if (affinity is null && allocations.Count == 0)
        {
            throw new StateFileException(m.PathOf("affinity"), "an orphaned block (affinity null) holds addresses: an empty one is deleted", m.Node["affinity"]);
        }
        return new SavedBlock(cidr, affinity, claimTime, sequenceNumber, unallocated, attributes, allocations);
    }

    private void RestoreHandles(StateMap root, Dictionary<string, Dictionary<Cidr, int>> byAllocations)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in root.Maps("handles"))
        {
            var handle = h.Name("handle");
            if (!listed.Add(handle))
            {
                throw Duplicate(h, "handle", $"handle \"{handle}\"");
            }
            var blocks = h.Map("blocks");
            h.End();
            byAllocations.TryGetValue(handle, out var actual);
            actual ??= new Dictionary<Cidr, int>();
            if (actual.Count == 0)
            {
                throw new StateFileException(h.PathOf("handle"), $"handle \"{handle}\" holds no address in any block (a handle exists only while it holds addresses)", h.Node["handle"]);
            }
            foreach (var entry in blocks.Node.Entries)
            {
                var path = blocks.PathOf(entry.Key);
                if (!Cidr.TryParse(entry.Key, out var cidr) || cidr.ToString() != entry.Key)
                {
                    throw new StateFileException(path, $"\"{entry.Key}\" is not a block CIDR", entry.Value);
                }
                var count = StateValues.Int(entry.Value, path, 1, int.MaxValue);
                if (_ipam.FindBlock(cidr) is null)
                {
                    throw new StateFileException(path, $"block {entry.Key} is not among the file's blocks", entry.Value);
                }
                actual.TryGetValue(cidr, out var held);
                if (held != count)
                {
                    throw new StateFileException(path,
                        $"the handle counts {count.ToString(CultureInfo.InvariantCulture)} address(es) in block {entry.Key}, but the block's allocations hold {held.ToString(CultureInfo.InvariantCulture)} under it",
                        entry.Value);
                }
                _ipam.IncrementHandle(handle, cidr, count);
            }
            foreach (var cidr in actual.Keys.OrderBy(c => c))
            {
                if (blocks.Node[cidr.ToString()] is null)
                {
                    throw new StateFileException(h.PathOf("blocks"),
                        $"block {cidr} holds {actual[cidr].ToString(CultureInfo.InvariantCulture)} address(es) under handle \"{handle}\", which the handle does not count", blocks.Node);
                }
            }
        }
        var unlisted = byAllocations.Keys.Where(k => !listed.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault();
        if (unlisted is not null)
        {
            throw new StateFileException("handles", $"handle \"{unlisted}\" holds addresses (in block {byAllocations[unlisted].Keys.First()}) but is not listed",
                root.Node["handles"]);
        }
    }

    private void RestoreEvents(IReadOnlyList<StateMap> items)
    {
        if (items.Count > MaxEvents)
        {
            throw new StateFileException("events", $"{items.Count.ToString(CultureInfo.InvariantCulture)} events, more than the {MaxEvents.ToString(CultureInfo.InvariantCulture)} a cluster keeps");
        }
        var previous = DateTimeOffset.MinValue;
        foreach (var m in items)
        {
            var time = m.Time("time");
            if (time < previous || time > Clock.Now)
            {
                throw new StateFileException(m.PathOf("time"), time > Clock.Now
                    ? "is later than the cluster's clock"
                    : "is earlier than the event before it (events are kept in the order they happened)", m.Node["time"]);
            }
            previous = time;
            _events.Enqueue(new ClusterEvent
            {
                Time = time,
                Type = m.Name("type"),
                Reason = m.Name("reason"),
                Object = m.Name("object"),
                Namespace = m.String("namespace"),
                Message = m.String("message"),
                Cluster = this,
            });
            m.End();
        }
    }

    private void RestoreStoredObjects(IReadOnlyList<StateMap> items)
    {
        foreach (var m in items)
        {
            var value = new StoredObject
            {
                ApiVersion = m.Name("apiVersion"),
                Kind = m.Name("kind"),
                Namespace = m.String("namespace"),
                Name = m.Name("name"),
                Root = StateMap.From(m.Field("object"), m.PathOf("object")).Node,
                Cluster = this,
            };
            m.End();
            var key = (value.Kind, value.Namespace, value.Name);
            AddOnce(_stored, key, value, m, "name", $"{value.Kind} \"{(value.Namespace.Length > 0 ? value.Namespace + "/" : "")}{value.Name}\"");
        }
    }

    private void CheckCounts(StateMap m, int allocations)
    {
        Count(m, "pools", _pools.Count);
        Count(m, "reservations", _ipam.ReservationObjects.Count);
        Count(m, "nodes", _nodes.Count);
        Count(m, "namespaces", _namespaces.Count);
        Count(m, "deployments", _deployments.Count);
        Count(m, "replicaSets", _replicaSets.Count);
        Count(m, "pods", _pods.Count);
        Count(m, "blocks", _ipam.BlockCount);
        Count(m, "allocations", allocations);
        Count(m, "handles", _ipam.Handles.Count());
        Count(m, "events", _events.Count);
        Count(m, "storedObjects", _stored.Count);
        m.End();
    }

    private static void Count(StateMap m, string key, int actual)
    {
        var written = m.Int(key, 0);
        if (written != actual)
        {
            throw new StateFileException(m.PathOf(key),
                $"the file holds {actual.ToString(CultureInfo.InvariantCulture)} {key} but counts says {written.ToString(CultureInfo.InvariantCulture)}: the file was cut short or edited",
                m.Node[key]);
        }
    }

    /// <summary>The indexes kept for speed, from the restored objects (as the operations that
    /// made them would have left them).</summary>
    private void RebuildIndexes()
    {
        foreach (var name in _nodes.Keys)
        {
            NodeAdded(name);
        }
        foreach (var pair in _pods)
        {
            var pod = pair.Value;
            TrackReplicaSetPod(pod, added: true);
            if (pod.Node.Length > 0)
            {
                if (!_podsByNode.TryGetValue(pod.Node, out var onNode))
                {
                    _podsByNode[pod.Node] = onNode = new HashSet<(string, string)>();
                }
                onNode.Add(pair.Key);
                NodeLoadChanged(pod.Node, +1);
                SpreadChanged(pod, pod.Node, +1);
            }
        }
    }

    /// <summary>Test-Ipam on the restored cluster. What calicoctl ipam check reports (a leaked
    /// address, a pod address outside the pools or with no allocation, an address two users
    /// share) is a state a cluster can be in after calicoctl ipam release; anything else is an
    /// invariant of the simulator the file breaks.</summary>
    private void CheckRestoredIpam()
    {
        var report = CheckIpam();
        int shared;
        lock (_gate)
        {
            var users = _pods.Values.SelectMany(p => p.IPs)
                .Concat(_nodes.Values.SelectMany(n => TunnelKinds.Select(k => k.Address(n)).Where(a => a.Length > 0).Select(IpAddress.Parse)));
            shared = users.GroupBy(ip => ip).Sum(g => g.Count() - 1);
        }
        var allowed = report.LeakedIpCount + report.InUseNotInPoolCount + report.InUseWithoutAllocationCount + shared;
        if (report.ProblemCount > allowed)
        {
            var invariant = report.Problems.Where(p => !(p.Contains(" leaked; attrs ") || p.EndsWith(" is not in any active IP pool.", StringComparison.Ordinal)
                || p.EndsWith(" has no IPAM allocation.", StringComparison.Ordinal) || p.EndsWith(" has multiple owners.", StringComparison.Ordinal)));
            throw new StateFileException("", "the restored cluster fails Test-Ipam with problems a simulated cluster cannot have: " + string.Join(" ", invariant));
        }
    }

    // ---- field helpers --------------------------------------------------------------------

    private string RequireNamespace(StateMap m, string key)
    {
        var ns = m.Name(key);
        if (!_namespaces.ContainsKey(ns))
        {
            throw new StateFileException(m.PathOf(key), $"namespace \"{ns}\" is not among the file's namespaces", m.Node[key]);
        }
        return ns;
    }

    private static PodTemplate ReadTemplate(StateMap m)
    {
        var template = new PodTemplate
        {
            Labels = m.StringMap("labels"),
            Annotations = m.StringMap("annotations"),
            NodeSelector = m.StringMap("nodeSelector"),
            Containers = m.Maps("containers").Select(c =>
            {
                var container = new Container(c.Name("name"), c.String("image"));
                c.End();
                return container;
            }).ToArray(),
        };
        m.End();
        return template;
    }

    private static Cidr ReadCidr(StateMap m, string key, bool masked)
    {
        var text = m.String(key);
        if (!Cidr.TryParse(text, out var cidr) || cidr.ToString() != text)
        {
            throw new StateFileException(m.PathOf(key), $"\"{text}\" is not a CIDR written as the simulator writes one (e.g. 10.48.0.0/26)", m.Node[key]);
        }
        if (masked && !cidr.IsStrictlyMasked)
        {
            throw new StateFileException(m.PathOf(key), $"\"{text}\" has host bits set (the network is {cidr.Masked})", m.Node[key]);
        }
        return cidr;
    }

    private static IpAddress ReadIp(YamlNode node, string path)
    {
        var text = StateValues.String(node, path);
        if (!IpAddress.TryParse(text, out var ip) || ip.ToString() != text)
        {
            throw new StateFileException(path, $"\"{text}\" is not an IP address written as the simulator writes one", node);
        }
        return ip;
    }

    private static string ReadOptionalIp(StateMap m, string key)
    {
        var text = m.String(key);
        return text.Length == 0 ? "" : ReadIp(m.Node[key]!, m.PathOf(key)).ToString();
    }

    // A state file lists each object once; a second entry with the same identity is refused.
    private static void AddOnce<TKey, TValue>(IDictionary<TKey, TValue> map, TKey key, TValue value, StateMap m, string field, string what)
    {
        if (map.ContainsKey(key))
        {
            throw Duplicate(m, field, what);
        }
        map.Add(key, value);
    }

    private static StateFileException Duplicate(StateMap m, string key, string what) =>
        new(m.PathOf(key), $"{what} appears twice", m.Node[key]);
}
