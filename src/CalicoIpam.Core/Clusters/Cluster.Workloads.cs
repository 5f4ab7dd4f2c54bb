using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalicoIpam.Core.Cni;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.Core.Clusters;

/// <summary>Namespaces and pods: scheduling, and the CNI ADD/DEL that gives pods their addresses.</summary>
public sealed partial class Cluster
{
    /// <summary>The most pods kubelet runs on a node (its default maxPods).</summary>
    public const int MaxPodsPerNode = 110;

    private readonly SortedDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Namespace, string Name), Pod> _pods = new(PodKeyComparer.Instance);
    private readonly Dictionary<string, int> _podsPerNode = new(StringComparer.Ordinal);
    // Pods whose sandbox could not get an address, oldest first: kubelet keeps retrying them.
    private readonly List<(string Namespace, string Name)> _waiting = new();

    // ---- namespaces ---------------------------------------------------------------------

    public IReadOnlyList<Namespace> GetNamespaces()
    {
        lock (_gate)
        {
            return _namespaces.Values.ToArray();
        }
    }

    public Namespace? FindNamespace(string name)
    {
        lock (_gate)
        {
            return _namespaces.TryGetValue(name, out var ns) ? ns : null;
        }
    }

    public Namespace CreateNamespace(string name, IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        // Namespace names are DNS-1123 labels (no dots, at most 63 characters).
        ObjectMetaValidator.Validate("Namespace", name, KubernetesNames.CheckLabelName, labels, annotations);
        lock (_gate)
        {
            if (_namespaces.ContainsKey(name))
            {
                throw ResourceAlreadyExistsException.Kubernetes("Namespace", "namespaces", name);
            }
            var ns = new Namespace
            {
                Name = name,
                Labels = Labels.Copy(labels ?? Labels.Empty),
                Annotations = Labels.Copy(annotations ?? Labels.Empty),
                CreationTimestamp = Tick(),
                Cluster = this,
            };
            _namespaces.Add(name, ns);
            return ns;
        }
    }

    // ---- pods ---------------------------------------------------------------------------

    /// <summary>Pods in namespace and name order; all namespaces when <paramref name="ns"/> is null.</summary>
    public IReadOnlyList<Pod> GetPods(string? ns = null)
    {
        lock (_gate)
        {
            return ns is null ? _pods.Values.ToArray() : _pods.Values.Where(p => p.Namespace == ns).ToArray();
        }
    }

    public Pod? FindPod(string ns, string name)
    {
        lock (_gate)
        {
            return _pods.TryGetValue((ns, name), out var pod) ? pod : null;
        }
    }

    /// <summary>
    /// Creates a pod: the scheduler places it (or it stays Pending), then the CNI plugin asks
    /// Calico IPAM for its addresses. A pod that gets none stays ContainerCreating with the
    /// plugin's error and is retried whenever pools, the IPAM config or free addresses change.
    /// </summary>
    public Pod CreatePod(PodSpec spec)
    {
        ObjectMetaValidator.Validate("Pod", spec.Name, KubernetesNames.CheckSubdomain, spec.Labels, spec.Annotations);
        lock (_gate)
        {
            if (!_namespaces.ContainsKey(spec.Namespace))
            {
                throw ResourceNotFoundException.Kubernetes("Namespace", "namespaces", spec.Namespace);
            }
            if (_pods.ContainsKey((spec.Namespace, spec.Name)))
            {
                throw ResourceAlreadyExistsException.Kubernetes("Pod", "pods", spec.Name);
            }
            if (spec.Node.Length > 0 && !_nodes.ContainsKey(spec.Node))
            {
                throw ResourceNotFoundException.Kubernetes("Node", "nodes", spec.Node);
            }
            var pod = new Pod
            {
                Name = spec.Name,
                Namespace = spec.Namespace,
                Labels = Labels.Copy(spec.Labels),
                Annotations = Labels.Copy(spec.Annotations),
                CreationTimestamp = Tick(),
                Cluster = this,
            };
            string? reason = null;
            var node = spec.Node.Length > 0 ? spec.Node : Schedule(out reason);
            if (node is null)
            {
                pod = pod with { Status = PodStatus.Pending, Message = reason ?? "" };
            }
            else
            {
                _podsPerNode.TryGetValue(node, out var count);
                _podsPerNode[node] = count + 1;
                pod = StartSandbox(pod with { Node = node });
            }
            _pods.Add((pod.Namespace, pod.Name), pod);
            return pod;
        }
    }

    /// <summary>Deletes a pod: the CNI DEL releases its addresses; waiting pods get another try.</summary>
    public Pod DeletePod(string ns, string name)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var pod))
            {
                throw ResourceNotFoundException.Kubernetes("Pod", "pods", name);
            }
            CniPlugin.Delete(_ipam, IpamContext(), pod);
            _pods.Remove((ns, name));
            _waiting.Remove((ns, name));
            if (pod.Node.Length > 0)
            {
                _podsPerNode[pod.Node]--;
            }
            Tick();
            RetryWaitingPods();
            return pod;
        }
    }

    // The default scheduler reduced to what decides placement here: nodes with room, fewest
    // pods first, ties by name.
    private string? Schedule(out string? reason)
    {
        reason = null;
        if (_nodes.Count == 0)
        {
            reason = "no nodes available to schedule pods";
            return null;
        }
        string? best = null;
        var bestCount = int.MaxValue;
        foreach (var name in _nodes.Keys)
        {
            _podsPerNode.TryGetValue(name, out var count);
            if (count < MaxPodsPerNode && count < bestCount)
            {
                best = name;
                bestCount = count;
            }
        }
        if (best is null)
        {
            var n = _nodes.Count.ToString(CultureInfo.InvariantCulture);
            reason = $"0/{n} nodes are available: {n} Too many pods. preemption: 0/{n} nodes are available: {n} No preemption victims found for incoming pod.";
        }
        return best;
    }

    // A new sandbox: a new container id (so a new IPAM handle), then the CNI ADD.
    private Pod StartSandbox(Pod pod)
    {
        pod = pod with { ContainerId = NewContainerId() };
        _namespaces.TryGetValue(pod.Namespace, out var ns);
        var assignIpv6 = PoolList().Any(p => p.IsIPv6 && !p.Disabled);
        var result = CniPlugin.Add(_ipam, IpamContext(), pod, ns, assignIpv6);
        if (result.Error is null)
        {
            _waiting.Remove((pod.Namespace, pod.Name));
            return pod with { IPs = result.Ips, Status = PodStatus.Running, Message = "" };
        }
        if (!_waiting.Contains((pod.Namespace, pod.Name)))
        {
            _waiting.Add((pod.Namespace, pod.Name));
        }
        return pod with { IPs = Array.Empty<Net.IpAddress>(), Status = PodStatus.ContainerCreating, Message = result.Error };
    }

    /// <summary>kubelet's retry of failed sandboxes, oldest pod first.</summary>
    private void RetryWaitingPods()
    {
        foreach (var key in _waiting.ToArray())
        {
            if (_pods.TryGetValue(key, out var pod))
            {
                _pods[key] = StartSandbox(pod);
            }
        }
    }

    private string NewContainerId()
    {
        var a = Random.NextUInt64();
        var b = Random.NextUInt64();
        var c = Random.NextUInt64();
        var d = Random.NextUInt64();
        return string.Concat(a.ToString("x16", CultureInfo.InvariantCulture), b.ToString("x16", CultureInfo.InvariantCulture),
            c.ToString("x16", CultureInfo.InvariantCulture), d.ToString("x16", CultureInfo.InvariantCulture));
    }

    private sealed class PodKeyComparer : IComparer<(string Namespace, string Name)>
    {
        public static readonly PodKeyComparer Instance = new();

        public int Compare((string Namespace, string Name) x, (string Namespace, string Name) y)
        {
            var c = string.CompareOrdinal(x.Namespace, y.Namespace);
            return c != 0 ? c : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
