using System;
using System.Collections.Generic;
using CalicoIpam.Core.Cni;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>A pod's phase as kubectl's STATUS column shows it.</summary>
public enum PodStatus
{
    Pending,
    ContainerCreating,
    Running,
    Terminating,
}

/// <summary>A pod: where it runs, the addresses Calico gave it, and why it is not running if it is not.</summary>
public sealed record Pod
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The node it is scheduled to; empty while Pending.</summary>
    public string Node { get; init; } = "";

    /// <summary>Its addresses, IPv4 first (status.podIPs).</summary>
    public IReadOnlyList<IpAddress> IPs { get; init; } = Array.Empty<IpAddress>();

    /// <summary>The first IPv4 address as text (status.podIP), or empty.</summary>
    public string IP
    {
        get
        {
            foreach (var ip in IPs)
            {
                if (!ip.IsIPv6)
                {
                    return ip.ToString();
                }
            }
            return IPs.Count > 0 ? IPs[0].ToString() : "";
        }
    }

    public PodStatus Status { get; init; }

    /// <summary>Why the pod is not running: the scheduler's or the CNI plugin's message.</summary>
    public string Message { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Clusters.Labels.Empty;

    /// <summary>spec.nodeSelector: labels a node must have for the scheduler to place the pod there.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = Clusters.Labels.Empty;

    /// <summary>The ReplicaSet that owns the pod, or empty for a bare pod.</summary>
    public string ReplicaSet { get; init; } = "";

    /// <summary>The sandbox container's id: 64 hex characters.</summary>
    public string ContainerId { get; init; } = "";

    /// <summary>The IPAM handle the CNI plugin uses: k8s-pod-network.&lt;containerID&gt;.</summary>
    public string Handle => ContainerId.Length == 0 ? "" : CniNames.HandleFor(ContainerId);

    /// <summary>The host side of the pod's veth (cali + 11 hex of SHA-1 of namespace.pod).</summary>
    public string Interface => CniNames.VethName(Namespace, Name);

    public DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>kubectl's READY column: the one container is ready only when the pod runs.</summary>
    public string Ready => Status == PodStatus.Running ? "1/1" : "0/1";

    /// <summary>kubectl's RESTARTS column (containers never restart in the simulation).</summary>
    public int Restarts => 0;

    /// <summary>kubectl's AGE column, on the cluster's simulated clock.</summary>
    public string Age => Cluster is null ? "" : Text.HumanDuration.Format(Cluster.Now - CreationTimestamp);

    /// <summary>kubectl's IP column: the address, or &lt;none&gt;.</summary>
    public string IpColumn => IP.Length > 0 ? IP : "<none>";

    /// <summary>kubectl's NODE column: the node, or &lt;none&gt; while unscheduled.</summary>
    public string NodeColumn => Node.Length > 0 ? Node : "<none>";

    /// <summary>kubectl's NOMINATED NODE and READINESS GATES columns (never set here).</summary>
    public string NominatedNode => "<none>";

    public string ReadinessGates => "<none>";

    public Cluster? Cluster { get; init; }
}

/// <summary>A namespace, whose annotations can choose pools for its pods.</summary>
public sealed record Namespace
{
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Clusters.Labels.Empty;

    public DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>kubectl's STATUS column for a namespace that exists.</summary>
    public string Status => "Active";

    /// <summary>kubectl's AGE column, on the cluster's simulated clock.</summary>
    public string Age => Cluster is null ? "" : Text.HumanDuration.Format(Cluster.Now - CreationTimestamp);

    public Cluster? Cluster { get; init; }
}
