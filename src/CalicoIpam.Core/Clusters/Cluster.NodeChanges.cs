using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.Core.Clusters;

/// <summary>Changing and removing nodes, and what follows in IPAM.</summary>
public sealed partial class Cluster
{
    /// <summary>
    /// kubectl label node: sets (or, for a null value, removes) labels. Pools' nodeSelectors
    /// see the change at the next allocation (empty blocks of pools that no longer select the
    /// node are given back then); calico-node re-checks the tunnel addresses at once.
    /// </summary>
    public Node SetNodeLabels(string name, IReadOnlyDictionary<string, string?> changes)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(name, out var node))
            {
                throw ResourceNotFoundException.Kubernetes("Node", "nodes", name);
            }
            var labels = Labels.WithChanges(node.Labels, changes);
            ObjectMetaValidator.Validate("Node", name, KubernetesNames.CheckSubdomain, labels, null);
            _nodes[name] = node with { Labels = labels };
            Tick();
            ReconcileTunnels(name);
            RetryUnscheduledPods();
            RetryWaitingPods();
            return _nodes[name];
        }
    }

    /// <summary>
    /// kubectl delete node: the node's pods are deleted (their controllers recreate them on
    /// other nodes), and kube-controllers cleans up IPAM (calico-ipam.md §5.4): the pods' and
    /// the tunnels' addresses are released, empty affine blocks deleted; a block still holding
    /// addresses borrowed by other nodes keeps its affinity until it empties.
    /// </summary>
    public Node RemoveNode(string name)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(name, out var node))
            {
                throw ResourceNotFoundException.Kubernetes("Node", "nodes", name);
            }
            // In namespace and name order (as namespace deletion goes), not the per-node set's
            // order, which depends on its history: a restored cluster must remove the same way.
            var pods = _podsByNode.TryGetValue(name, out var keys)
                ? keys.OrderBy(k => k, PodKeyComparer.Instance).Select(k => _pods[k]).ToList()
                : new List<Pod>();
            foreach (var pod in pods)
            {
                RemovePodLocked(pod);
            }
            foreach (var kind in TunnelKinds)
            {
                Releaser.ReleaseByHandle(_ipam, IpamContext(), kind.HandlePrefix + name);
            }
            _nodes.Remove(name);
            NodeRemoved(name);
            _podsByNode.Remove(name);
            Releaser.ReleaseHostAffinities(_ipam, name, requireEmpty: true);
            Tick();
            foreach (var deployment in pods.Where(p => p.ReplicaSet.Length > 0)
                         .Select(p => _replicaSetOwners.TryGetValue((p.Namespace, p.ReplicaSet), out var d) ? (p.Namespace, d) : default)
                         .Where(d => d.d is not null).Distinct().ToList())
            {
                SyncDeployment(deployment.Namespace, deployment.d!);
            }
            RetryWaitingPods();
            return node;
        }
    }

    /// <summary>kubectl delete namespace: its deployments and pods go, their addresses are released.</summary>
    public Namespace RemoveNamespace(string name)
    {
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(name, out var ns))
            {
                throw ResourceNotFoundException.Kubernetes("Namespace", "namespaces", name);
            }
            if (name is "default" or "kube-system" or "kube-public")
            {
                throw new KubernetesForbiddenException($"namespaces \"{name}\" is forbidden: this namespace may not be deleted");
            }
            foreach (var deployment in _deployments.Keys.Where(k => k.Namespace == name).ToList())
            {
                DeleteDeployment(name, deployment.Name);
            }
            foreach (var pod in _pods.Values.Where(p => p.Namespace == name).ToList())
            {
                RemovePodLocked(pod);
            }
            RemoveStoredIn(name);
            _namespaces.Remove(name);
            Tick();
            RetryWaitingPods();
            RetryUnscheduledPods();
            return ns;
        }
    }

    /// <summary>Sets (or, for a null value, removes) a namespace's annotations. Pods created
    /// later read them; pods waiting for an address try again.</summary>
    public Namespace SetNamespaceAnnotations(string name, IReadOnlyDictionary<string, string?> changes)
    {
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(name, out var ns))
            {
                throw ResourceNotFoundException.Kubernetes("Namespace", "namespaces", name);
            }
            var annotations = Labels.WithChanges(ns.Annotations, changes);
            ObjectMetaValidator.Validate("Namespace", name, KubernetesNames.CheckLabelName, ns.Labels, annotations);
            _namespaces[name] = ns with { Annotations = annotations };
            Tick();
            RetryWaitingPods();
            return _namespaces[name];
        }
    }

    /// <summary>Sets (or removes) a pod's annotations. As in Kubernetes the CNI plugin read them
    /// when the sandbox was made: a running pod keeps its address until it is recreated.</summary>
    public Pod SetPodAnnotations(string ns, string name, IReadOnlyDictionary<string, string?> changes)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var pod))
            {
                throw ResourceNotFoundException.Kubernetes("Pod", "pods", name);
            }
            var annotations = Labels.WithChanges(pod.Annotations, changes);
            ObjectMetaValidator.Validate("Pod", name, KubernetesNames.CheckSubdomain, pod.Labels, annotations);
            _pods[(ns, name)] = pod with { Annotations = annotations };
            Tick();
            RetryWaitingPods();
            return _pods[(ns, name)];
        }
    }

    /// <summary>kubectl apply of a namespace: its labels and annotations replaced whole.</summary>
    public Namespace ReplaceNamespaceMetadata(string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations)
    {
        ObjectMetaValidator.Validate("Namespace", name, KubernetesNames.CheckLabelName, labels, annotations);
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(name, out var ns))
            {
                throw ResourceNotFoundException.Kubernetes("Namespace", "namespaces", name);
            }
            _namespaces[name] = ns with { Labels = Labels.Copy(labels), Annotations = Labels.Copy(annotations) };
            Tick();
            RetryWaitingPods();
            return _namespaces[name];
        }
    }

    /// <summary>kubectl apply of a pod: labels and annotations replaced whole (the rest of a pod is immutable).</summary>
    public Pod ReplacePodMetadata(string ns, string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations)
    {
        ObjectMetaValidator.Validate("Pod", name, KubernetesNames.CheckSubdomain, labels, annotations);
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var pod))
            {
                throw ResourceNotFoundException.Kubernetes("Pod", "pods", name);
            }
            _pods[(ns, name)] = pod with { Labels = Labels.Copy(labels), Annotations = Labels.Copy(annotations) };
            Tick();
            RetryWaitingPods();
            return _pods[(ns, name)];
        }
    }
}

/// <summary>The API server refused an operation it never allows (a Forbidden status).</summary>
public sealed class KubernetesForbiddenException : InvalidOperationException
{
    public KubernetesForbiddenException(string message)
        : base(message)
    {
    }
}
