using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// One simulated Kubernetes cluster running Calico IPAM. Every read and change takes the one
/// lock, so a cluster can be shared by several runspaces; a change either happens whole or,
/// when it throws, not at all. Reads return immutable snapshots.
/// </summary>
public sealed partial class Cluster
{
    private static int s_nextId;

    private readonly object _gate = new();
    private readonly SortedDictionary<string, IpPool> _pools = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    public Cluster(string name, int seed)
        : this(name, seed, SimulatedClock.Epoch)
    {
    }

    internal Cluster(string name, int seed, DateTimeOffset start)
    {
        Name = name;
        Seed = seed;
        Id = System.Threading.Interlocked.Increment(ref s_nextId);
        Clock = new SimulatedClock(start);
        Random = new DeterministicRandom(seed);
        // Namespaces every Kubernetes cluster starts with.
        foreach (var ns in new[] { "default", "kube-system" })
        {
            _namespaces.Add(ns, new Namespace { Name = ns, CreationTimestamp = start, Cluster = this });
        }
    }

    /// <summary>A label for people (the lab cluster is "calico-ipam-lab").</summary>
    public string Name { get; }

    public int Seed { get; }

    /// <summary>Tells clusters apart in this process (two clusters may share a name).</summary>
    public int Id { get; }

    internal SimulatedClock Clock { get; }

    internal DeterministicRandom Random { get; }

    public DateTimeOffset Now
    {
        get
        {
            lock (_gate)
            {
                return Clock.Now;
            }
        }
    }

    public int NodeCount
    {
        get
        {
            lock (_gate)
            {
                return _nodes.Count;
            }
        }
    }

    public int PoolCount
    {
        get
        {
            lock (_gate)
            {
                return _pools.Count;
            }
        }
    }

    public override string ToString() => $"{Name} (#{Id}, seed {Seed})";

    // Every change ticks the clock, so objects get distinct, ordered creation times.
    private DateTimeOffset Tick()
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return Clock.Now;
    }

    // ---- IP pools -------------------------------------------------------------------------

    /// <summary>The pools in name order (the datastore's list order).</summary>
    public IReadOnlyList<IpPool> GetPools()
    {
        lock (_gate)
        {
            return _pools.Values.ToArray();
        }
    }

    public IpPool? FindPool(string name)
    {
        lock (_gate)
        {
            return _pools.TryGetValue(name, out var pool) ? pool : null;
        }
    }

    /// <summary>Validates the spec as Calico's create does, then stores the pool.</summary>
    public IpPool CreatePool(string name, IpPoolSpec spec) => CreatePool(name, spec, calicoValidation: true);

    /// <summary>Creates a pool; without <paramref name="calicoValidation"/> only the CRD's type
    /// checks apply, as when kubectl writes a crd.projectcalico.org/v1 IPPool directly.</summary>
    internal IpPool CreatePool(string name, IpPoolSpec spec, bool calicoValidation)
    {
        lock (_gate)
        {
            var pool = calicoValidation ? IpPoolValidator.ValidateCreate(name, spec, _pools.Values) : IpPoolValidator.ValidateCrd(name, spec);
            // clientv3's create also refuses a pool over existing blocks of another size.
            if (_ipam.Blocks.Any(b => b.Cidr.PrefixLength != pool.BlockSize && b.Cidr.Overlaps(pool.Network)))
            {
                throw new CalicoValidationException("IPPool", new[]
                {
                    new ErroredField("IPPool.Spec.BlockSize", pool.BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "IPPool blocksSize conflicts with existing allocations that use a different blockSize"),
                });
            }
            if (_pools.ContainsKey(name))
            {
                throw ResourceAlreadyExistsException.Calico("IPPool", name);
            }
            pool = pool with { CreationTimestamp = Tick(), Uid = Random.NextUid(), Cluster = this };
            _pools.Add(name, pool);
            PoolsChanged();
            return pool;
        }
    }

    /// <summary>Applies <paramref name="change"/> to the pool's current spec and validates the
    /// result as Calico's update does (cidr and blockSize immutable, no overlap check).</summary>
    public IpPool UpdatePool(string name, Func<IpPoolSpec, IpPoolSpec> change) => UpdatePool(name, change, calicoValidation: true);

    internal IpPool UpdatePool(string name, Func<IpPoolSpec, IpPoolSpec> change, bool calicoValidation)
    {
        lock (_gate)
        {
            var old = RequirePool(name);
            var spec = change(old.ToSpec());
            var updated = (calicoValidation ? IpPoolValidator.ValidateUpdate(old, spec) : IpPoolValidator.ValidateCrd(name, spec) with
            {
                CreationTimestamp = old.CreationTimestamp,
                Uid = old.Uid,
            }) with { Cluster = this };
            _pools[name] = updated;
            Tick();
            PoolsChanged();
            return updated;
        }
    }

    /// <summary>
    /// Deletes a pool as clientv3's delete does (calico-ipam.md §9): the pool is disabled, every
    /// affinity in it is released (empty blocks go; blocks still holding addresses stay, orphaned)
    /// and the pool is removed. Pods keep their addresses; no new ones come from it.
    /// </summary>
    public IpPool DeletePool(string name)
    {
        lock (_gate)
        {
            var pool = RequirePool(name);
            if (!pool.Disabled)
            {
                _pools[name] = IpPoolValidator.ValidateUpdate(pool, pool.ToSpec() with { Disabled = true }) with { Cluster = this };
            }
            Releaser.ReleasePoolAffinities(_ipam, pool);
            _pools.Remove(name);
            _ipam.ForgetPool(pool);
            Tick();
            PoolsChanged();
            return pool;
        }
    }

    // What follows any pool change: calico-node re-checks tunnel addresses, kubelet retries
    // sandboxes that had no address.
    private void PoolsChanged()
    {
        _poolList = null;
        ReconcileAllTunnels();
        RetryWaitingPods();
    }

    private IpPool RequirePool(string name) =>
        _pools.TryGetValue(name, out var pool) ? pool : throw ResourceNotFoundException.Calico("IPPool", "ippools", name);

    // ---- Nodes ----------------------------------------------------------------------------

    public IReadOnlyList<Node> GetNodes()
    {
        lock (_gate)
        {
            return _nodes.Values.Select(WithPodCount).ToArray();
        }
    }

    public Node? FindNode(string name)
    {
        lock (_gate)
        {
            return _nodes.TryGetValue(name, out var node) ? WithPodCount(node) : null;
        }
    }

    private Node WithPodCount(Node node) =>
        node with { PodCount = _nodeLoad.TryGetValue(node.Name, out var pods) ? pods : 0 };

    /// <summary>Registers a node as kubelet would: validated name and labels, kubelet's labels added.</summary>
    public Node CreateNode(string name, Cidr address, IEnumerable<KeyValuePair<string, string>>? labels = null,
        NodeRole role = NodeRole.Worker, string interfaceName = "eth0")
    {
        var extra = labels?.ToArray() ?? Array.Empty<KeyValuePair<string, string>>();
        ObjectMetaValidator.Validate("Node", name, KubernetesNames.CheckSubdomain, extra, null);
        lock (_gate)
        {
            if (_nodes.ContainsKey(name))
            {
                throw ResourceAlreadyExistsException.Kubernetes("Node", "nodes", name);
            }
            var node = new Node
            {
                Name = name,
                Address = address,
                Interface = interfaceName,
                Role = role,
                Labels = Labels.ForNode(name, role, extra),
                CreationTimestamp = Tick(),
                Cluster = this,
            };
            _nodes.Add(name, node);
            NodeAdded(name);
            ReconcileTunnels(name);
            RetryUnscheduledPods();
            return WithPodCount(_nodes[name]);
        }
    }
}
