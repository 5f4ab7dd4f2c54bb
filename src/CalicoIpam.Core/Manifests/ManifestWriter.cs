using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using static CalicoIpam.Core.Manifests.YamlBuild;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// Objects as kubectl get -o yaml / calicoctl get -o yaml show them (keys sorted; false
/// booleans and empty fields left out as omitempty does), so that the text re-imports.
/// </summary>
public static class ManifestWriter
{
    /// <summary>One object's YAML tree; throws for an object that is not a cluster resource.</summary>
    public static YamlMapping ToYaml(object value) => (YamlMapping)SortKeys(value switch
    {
        IpPool pool => Pool(pool),
        Node node => NodeObject(node),
        Namespace ns => NamespaceObject(ns),
        Pod pod => PodObject(pod),
        Deployment deployment => DeploymentObject(deployment),
        IpReservation reservation => Reservation(reservation),
        IpamConfig config => Config(config),
        BlockAffinity affinity => Affinity(affinity),
        IpamBlock block => block.Cluster?.BlockResource(block.Cidr) ?? throw new ArgumentException("The block has no cluster.", nameof(value)),
        StoredObject stored => stored.Root,
        _ => throw new ArgumentException($"{value.GetType().Name} is not a resource that can be written as a manifest.", nameof(value)),
    });

    /// <summary>Several objects as one list: calicoctl's &lt;Kind&gt;List when all are the same
    /// Calico kind, else kubectl's v1 List.</summary>
    public static YamlMapping ToList(IReadOnlyList<object> values)
    {
        var items = values.Select(ToYaml).ToList();
        var kinds = items.Select(i => (Fields.OptionalString(i, "apiVersion"), Fields.OptionalString(i, "kind"))).Distinct().ToList();
        var list = new YamlMapping();
        if (kinds.Count == 1 && kinds[0].Item1 == "projectcalico.org/v3")
        {
            list.Add("apiVersion", Str("projectcalico.org/v3")).Add("kind", Str(kinds[0].Item2 + "List"));
        }
        else
        {
            list.Add("apiVersion", Str("v1")).Add("kind", Str("List"));
        }
        list.Add("items", Seq(items)).Add("metadata", new YamlMapping().Add("resourceVersion", Str("")));
        return (YamlMapping)SortKeys(list);
    }

    private static YamlMapping Header(string apiVersion, string kind, YamlMapping metadata, YamlMapping? spec = null, YamlMapping? status = null)
    {
        var root = new YamlMapping().Add("apiVersion", Str(apiVersion)).Add("kind", Str(kind)).Add("metadata", metadata);
        if (spec is not null)
        {
            root.Add("spec", spec);
        }
        if (status is not null)
        {
            root.Add("status", status);
        }
        return root;
    }

    private static YamlMapping Metadata(string name, DateTimeOffset created, string ns = "", string uid = "",
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var metadata = new YamlMapping().Add("name", Str(name)).Add("creationTimestamp", Time(created));
        if (ns.Length > 0)
        {
            metadata.Add("namespace", Str(ns));
        }
        if (uid.Length > 0)
        {
            metadata.Add("uid", Str(uid));
        }
        if (labels is { Count: > 0 })
        {
            metadata.Add("labels", StringMap(labels));
        }
        if (annotations is { Count: > 0 })
        {
            metadata.Add("annotations", StringMap(annotations));
        }
        return metadata;
    }

    private static YamlMapping Pool(IpPool pool)
    {
        var spec = new YamlMapping()
            .Add("allowedUses", Strings(pool.AllowedUses.Select(u => u.ToString())))
            .Add("assignmentMode", Str(pool.AssignmentMode.ToString()))
            .Add("blockSize", Num(pool.BlockSize))
            .Add("cidr", Str(pool.Cidr))
            .Add("ipipMode", Str(pool.IpipMode.ToString()))
            .Add("nodeSelector", Str(pool.NodeSelector))
            .Add("vxlanMode", Str(pool.VxlanMode.ToString()));
        if (pool.NatOutgoing)
        {
            spec.Add("natOutgoing", Bool(true));
        }
        if (pool.Disabled)
        {
            spec.Add("disabled", Bool(true));
        }
        if (pool.DisableBgpExport)
        {
            spec.Add("disableBGPExport", Bool(true));
        }
        return Header("projectcalico.org/v3", "IPPool", Metadata(pool.Name, pool.CreationTimestamp, uid: pool.Uid), spec);
    }

    private static YamlMapping NodeObject(Node node)
    {
        // Calico keeps a node's address and tunnel addresses in these annotations on KDD.
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["projectcalico.org/IPv4Address"] = node.Address.ToString(),
        };
        if (node.IpipTunnelAddress.Length > 0)
        {
            annotations["projectcalico.org/IPv4IPIPTunnelAddr"] = node.IpipTunnelAddress;
        }
        if (node.VxlanTunnelAddress.Length > 0)
        {
            annotations["projectcalico.org/IPv4VXLANTunnelAddr"] = node.VxlanTunnelAddress;
        }
        var status = new YamlMapping().Add("addresses", Seq(new YamlNode[]
        {
            new YamlMapping().Add("address", Str(node.InternalIP)).Add("type", Str("InternalIP")),
            new YamlMapping().Add("address", Str(node.Name)).Add("type", Str("Hostname")),
        }));
        return Header("v1", "Node", Metadata(node.Name, node.CreationTimestamp, labels: node.Labels, annotations: annotations), new YamlMapping(), status);
    }

    private static YamlMapping NamespaceObject(Namespace ns)
    {
        var labels = Labels.WithChanges(ns.Labels, new Dictionary<string, string?> { ["kubernetes.io/metadata.name"] = ns.Name });
        return Header("v1", "Namespace", Metadata(ns.Name, ns.CreationTimestamp, labels: labels, annotations: ns.Annotations),
            new YamlMapping().Add("finalizers", Strings(new[] { "kubernetes" })),
            new YamlMapping().Add("phase", Str("Active")));
    }

    private static YamlMapping PodObject(Pod pod)
    {
        var spec = new YamlMapping().Add("containers", Seq(Containers(pod)));
        if (pod.Node.Length > 0)
        {
            spec.Add("nodeName", Str(pod.Node));
        }
        if (pod.NodeSelector.Count > 0)
        {
            spec.Add("nodeSelector", StringMap(pod.NodeSelector));
        }
        var status = new YamlMapping().Add("phase", Str(pod.Status == PodStatus.Running ? "Running" : "Pending"));
        if (pod.IPs.Count > 0)
        {
            status.Add("podIP", Str(pod.IP));
            status.Add("podIPs", Seq(pod.IPs.Select(ip => (YamlNode)new YamlMapping().Add("ip", Str(ip.ToString())))));
        }
        var metadata = Metadata(pod.Name, pod.CreationTimestamp, pod.Namespace, labels: pod.Labels, annotations: PodAnnotations(pod));
        if (pod.ReplicaSet.Length > 0)
        {
            metadata.Add("ownerReferences", Seq(new YamlNode[]
            {
                new YamlMapping().Add("apiVersion", Str("apps/v1")).Add("blockOwnerDeletion", Bool(true)).Add("controller", Bool(true))
                    .Add("kind", Str("ReplicaSet")).Add("name", Str(pod.ReplicaSet)),
            }));
        }
        return Header("v1", "Pod", metadata, spec, status);
    }

    // The annotations Calico's CNI plugin adds to a pod it has networked.
    private static IReadOnlyDictionary<string, string> PodAnnotations(Pod pod)
    {
        if (pod.IPs.Count == 0)
        {
            return pod.Annotations;
        }
        return Labels.WithChanges(pod.Annotations, new Dictionary<string, string?>
        {
            ["cni.projectcalico.org/containerID"] = pod.ContainerId,
            ["cni.projectcalico.org/podIP"] = pod.IPs[0] + (pod.IPs[0].IsIPv6 ? "/128" : "/32"),
            ["cni.projectcalico.org/podIPs"] = string.Join(",", pod.IPs.Select(ip => ip + (ip.IsIPv6 ? "/128" : "/32"))),
        });
    }

    private static IEnumerable<YamlNode> Containers(Pod pod)
    {
        var rs = pod.ReplicaSet.Length > 0 ? pod.Cluster?.GetReplicaSets(pod.Namespace).FirstOrDefault(r => r.Name == pod.ReplicaSet) : null;
        var containers = rs?.Template.Containers ?? (IReadOnlyList<Container>)new[] { new Container(pod.Name, "nginx") };
        return ContainerList(containers);
    }

    private static IEnumerable<YamlNode> ContainerList(IReadOnlyList<Container> containers) =>
        containers.Select(c => (YamlNode)new YamlMapping().Add("image", Str(c.Image)).Add("name", Str(c.Name)));

    private static YamlMapping DeploymentObject(Deployment d)
    {
        var podSpec = new YamlMapping().Add("containers", Seq(ContainerList(d.Template.Containers)));
        if (d.Template.NodeSelector.Count > 0)
        {
            podSpec.Add("nodeSelector", StringMap(d.Template.NodeSelector));
        }
        var templateMetadata = new YamlMapping().Add("labels", StringMap(d.Template.Labels));
        if (d.Template.Annotations.Count > 0)
        {
            templateMetadata.Add("annotations", StringMap(d.Template.Annotations));
        }
        var spec = new YamlMapping()
            .Add("replicas", Num(d.Replicas))
            .Add("selector", new YamlMapping().Add("matchLabels", StringMap(d.Selector)))
            .Add("strategy", new YamlMapping().Add("rollingUpdate", new YamlMapping().Add("maxSurge", Str("25%")).Add("maxUnavailable", Str("25%")))
                .Add("type", Str("RollingUpdate")))
            .Add("template", new YamlMapping().Add("metadata", templateMetadata).Add("spec", podSpec));
        var status = new YamlMapping()
            .Add("availableReplicas", Num(d.Available))
            .Add("readyReplicas", Num(d.ReadyReplicas))
            .Add("replicas", Num(d.Replicas))
            .Add("updatedReplicas", Num(d.UpdatedReplicas));
        return Header("apps/v1", "Deployment", Metadata(d.Name, d.CreationTimestamp, d.Namespace, labels: d.Labels), spec, status);
    }

    private static YamlMapping Reservation(IpReservation r) =>
        Header("projectcalico.org/v3", "IPReservation", Metadata(r.Name, r.CreationTimestamp),
            new YamlMapping().Add("reservedCIDRs", Strings(r.ReservedCidrs)));

    private static YamlMapping Config(IpamConfig c)
    {
        var spec = new YamlMapping()
            .Add("autoAllocateBlocks", Bool(c.AutoAllocateBlocks))
            .Add("strictAffinity", Bool(c.StrictAffinity));
        if (c.MaxBlocksPerHost > 0)
        {
            spec.Add("maxBlocksPerHost", Num(c.MaxBlocksPerHost));
        }
        return Header("projectcalico.org/v3", "IPAMConfiguration", new YamlMapping().Add("name", Str("default")), spec);
    }

    private static YamlMapping Affinity(BlockAffinity a) =>
        Header("crd.projectcalico.org/v1", "BlockAffinity", new YamlMapping().Add("name", Str(a.Name)),
            new YamlMapping()
                .Add("cidr", Str(a.Cidr.ToString()))
                .Add("deleted", Str("false"))
                .Add("node", Str(a.Node))
                .Add("state", Str(a.State)));
}
