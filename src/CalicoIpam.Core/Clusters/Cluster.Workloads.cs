using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Cni;

namespace CalicoIpam.Core.Clusters;

/// <summary>Namespaces and pods: the pod lifecycle from creation to deletion.</summary>
public sealed partial class Cluster
{
    private readonly SortedDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Namespace, string Name), Pod> _pods = new(PodKeyComparer.Instance);
    private readonly Dictionary<string, HashSet<(string Namespace, string Name)>> _podsByNode = new(StringComparer.Ordinal);
    // Pods no node can take yet, and pods whose sandbox got no address: oldest first.
    private readonly OrderedSet<(string Namespace, string Name)> _unscheduled = new();
    private readonly OrderedSet<(string Namespace, string Name)> _waiting = new();

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
    /// Creates a bare pod: the scheduler places it (or it stays Pending), then the CNI plugin
    /// asks Calico IPAM for its addresses. A pod that gets none stays ContainerCreating with the
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
            var pod = AdmitPod(new Pod
            {
                Name = spec.Name,
                Namespace = spec.Namespace,
                Node = spec.Node,
                Labels = Labels.Copy(spec.Labels),
                Annotations = Labels.Copy(spec.Annotations),
                NodeSelector = Labels.Copy(spec.NodeSelector),
                Cluster = this,
            });
            return pod;
        }
    }

    /// <summary>Deletes a pod: the CNI DEL releases its addresses; its ReplicaSet, if any,
    /// makes a replacement; waiting pods get another try.</summary>
    public Pod DeletePod(string ns, string name)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var pod))
            {
                throw ResourceNotFoundException.Kubernetes("Pod", "pods", name);
            }
            RemovePodLocked(pod);
            if (pod.ReplicaSet.Length > 0 && _replicaSetOwners.TryGetValue((ns, pod.ReplicaSet), out var deployment))
            {
                SyncDeployment(ns, deployment);
            }
            RetryWaitingPods();
            RetryUnscheduledPods();
            return pod;
        }
    }

    // A new pod: stored, scheduled (or queued), and its sandbox started.
    private Pod AdmitPod(Pod pod)
    {
        pod = pod with { CreationTimestamp = Tick(), Status = PodStatus.Pending };
        var key = (pod.Namespace, pod.Name);
        _pods.Add(key, pod);
        TrackReplicaSetPod(pod, added: true);
        if (pod.Node.Length > 0)
        {
            BindPod(pod, pod.Node);
        }
        else
        {
            TrySchedule(pod);
        }
        return _pods[key];
    }

    private void RemovePodLocked(Pod pod)
    {
        var key = (pod.Namespace, pod.Name);
        CniPlugin.Delete(_ipam, IpamContext(), pod);
        _pods.Remove(key);
        TrackReplicaSetPod(pod, added: false);
        _waiting.Remove(key);
        _unscheduled.Remove(key);
        if (pod.Node.Length > 0)
        {
            _podsByNode[pod.Node].Remove(key);
            NodeLoadChanged(pod.Node, -1);
            SpreadChanged(pod, pod.Node, -1);
            if (pod.Status is PodStatus.Running)
            {
                foreach (var container in ContainersOf(pod))
                {
                    RecordEvent("Normal", "Killing", "pod/" + pod.Name, pod.Namespace, $"Stopping container {container}");
                }
            }
        }
        Tick();
    }

    // The scheduler, then the kubelet: Pending until placed, then the sandbox.
    private void TrySchedule(Pod pod)
    {
        var key = (pod.Namespace, pod.Name);
        var node = Schedule(pod, out var reason);
        if (node is null)
        {
            if (_unscheduled.Add(key) || pod.Message != reason)
            {
                RecordEvent("Warning", "FailedScheduling", "pod/" + pod.Name, pod.Namespace, reason!);
            }
            _pods[key] = pod with { Status = PodStatus.Pending, Message = reason! };
            return;
        }
        _unscheduled.Remove(key);
        RecordEvent("Normal", "Scheduled", "pod/" + pod.Name, pod.Namespace, $"Successfully assigned {pod.Namespace}/{pod.Name} to {node}");
        BindPod(pod, node);
    }

    private void BindPod(Pod pod, string node)
    {
        var key = (pod.Namespace, pod.Name);
        if (!_podsByNode.TryGetValue(node, out var onNode))
        {
            _podsByNode[node] = onNode = new HashSet<(string, string)>();
        }
        onNode.Add(key);
        NodeLoadChanged(node, +1);
        SpreadChanged(pod, node, +1);
        _pods[key] = StartSandbox(pod with { Node = node });
    }

    // A new sandbox: a new container id (so a new IPAM handle), then the CNI ADD.
    private Pod StartSandbox(Pod pod)
    {
        var key = (pod.Namespace, pod.Name);
        pod = pod with { ContainerId = NewContainerId() };
        _namespaces.TryGetValue(pod.Namespace, out var ns);
        var assignIpv6 = PoolList().Any(p => p.IsIPv6 && !p.Disabled);
        var result = CniPlugin.Add(_ipam, IpamContext(), pod, ns, assignIpv6);
        if (result.Error is null)
        {
            _waiting.Remove(key);
            foreach (var container in ContainersOf(pod))
            {
                RecordEvent("Normal", "Started", "pod/" + pod.Name, pod.Namespace, $"Started container {container}");
            }
            return pod with { IPs = result.Ips, Status = PodStatus.Running, Message = "" };
        }
        _waiting.Add(key);
        // containerd's and libcni's wrapping of the plugin's error, as kubelet reports it.
        RecordEvent("Warning", "FailedCreatePodSandBox", "pod/" + pod.Name, pod.Namespace,
            $"Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"{pod.ContainerId}\": "
            + $"plugin type=\"calico\" failed (add): {result.Error}");
        return pod with { IPs = Array.Empty<Net.IpAddress>(), Status = PodStatus.ContainerCreating, Message = result.Error };
    }

    /// <summary>kubelet's retry of failed sandboxes, oldest pod first. A pod that starts may let
    /// its deployment's stalled rollout go on, so those deployments sync afterwards.</summary>
    private void RetryWaitingPods()
    {
        var started = new List<(string Namespace, string Deployment)>();
        foreach (var key in _waiting.Snapshot())
        {
            if (!_pods.TryGetValue(key, out var pod))
            {
                continue;
            }
            var retried = StartSandbox(pod);
            _pods[key] = retried;
            if (retried.Status == PodStatus.Running && retried.ReplicaSet.Length > 0
                && _replicaSetOwners.TryGetValue((retried.Namespace, retried.ReplicaSet), out var deployment))
            {
                started.Add((retried.Namespace, deployment));
            }
        }
        foreach (var (ns, deployment) in started.Distinct())
        {
            SyncDeployment(ns, deployment);
        }
    }

    /// <summary>The scheduler's retry of unschedulable pods, oldest first.</summary>
    private void RetryUnscheduledPods()
    {
        foreach (var key in _unscheduled.Snapshot())
        {
            if (_pods.TryGetValue(key, out var pod))
            {
                TrySchedule(pod);
            }
        }
    }

    private IEnumerable<string> ContainersOf(Pod pod)
    {
        if (pod.ReplicaSet.Length > 0 && _replicaSets.TryGetValue((pod.Namespace, pod.ReplicaSet), out var rs) && rs.Template.Containers.Count > 0)
        {
            return rs.Template.Containers.Select(c => c.Name);
        }
        return new[] { pod.Name };
    }

    private string NewContainerId()
    {
        var parts = new string[4];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Random.NextUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        }
        return string.Concat(parts);
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
