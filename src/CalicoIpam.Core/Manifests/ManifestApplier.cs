using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// kubectl apply and kubectl delete -f, one document at a time, for the kinds the simulation
/// knows. Each kind maps onto the cluster's own operations, so an applied object is validated
/// and acted on exactly as the equivalent command would be.
/// </summary>
internal static class ManifestApplier
{
    public static ManifestResult Apply(Cluster cluster, ManifestDocument doc)
    {
        RequireName(doc);
        switch (Type(doc))
        {
            case "projectcalico.org/v3/IPPool":
                return ApplyPool(cluster, doc, calicoValidation: true);
            case "crd.projectcalico.org/v1/IPPool":
                return ApplyPool(cluster, doc, calicoValidation: false);
            case "projectcalico.org/v3/IPReservation":
                return ApplyReservation(cluster, doc);
            case "projectcalico.org/v3/IPAMConfiguration":
                return ApplyIpamConfig(cluster, doc);
            case "v1/Node":
                return ApplyNode(cluster, doc);
            case "v1/Namespace":
                return ApplyNamespace(cluster, doc);
            case "v1/Pod":
                return ApplyPod(cluster, doc);
            case "apps/v1/Deployment":
                return ApplyDeployment(cluster, doc);
            case "v1/Service":
            case "v1/ServiceAccount":
                return ApplyStored(cluster, doc);
            case "crd.projectcalico.org/v1/IPAMBlock":
            case "crd.projectcalico.org/v1/BlockAffinity":
                throw IpamOwned();
            default:
                throw NoMatch(doc);
        }
    }

    public static ManifestResult Delete(Cluster cluster, ManifestDocument doc)
    {
        RequireName(doc);
        var ns = NamespaceOf(doc);
        switch (Type(doc))
        {
            case "projectcalico.org/v3/IPPool":
            case "crd.projectcalico.org/v1/IPPool":
                cluster.DeletePool(doc.Name);
                return Result(cluster, doc, "deleted");
            case "projectcalico.org/v3/IPReservation":
                cluster.DeleteReservation(doc.Name);
                return Result(cluster, doc, "deleted");
            case "v1/Node":
                cluster.RemoveNode(doc.Name);
                return Result(cluster, doc, "deleted");
            case "v1/Namespace":
                cluster.RemoveNamespace(doc.Name);
                return Result(cluster, doc, "deleted");
            case "v1/Pod":
                cluster.DeletePod(ns, doc.Name);
                return Result(cluster, doc, "deleted", ns);
            case "apps/v1/Deployment":
                cluster.DeleteDeployment(ns, doc.Name);
                return Result(cluster, doc, "deleted", ns);
            case "projectcalico.org/v3/IPAMConfiguration":
                RequireDefaultIpamConfigName(doc);
                // Without the resource Calico uses its defaults (calico-ipam.md §1.5).
                cluster.SetIpamConfig(IpamConfig.Default);
                return Result(cluster, doc, "deleted");
            case "crd.projectcalico.org/v1/IPAMBlock":
            case "crd.projectcalico.org/v1/BlockAffinity":
                throw IpamOwned();
            case "v1/Service":
            case "v1/ServiceAccount":
                if (!cluster.RemoveStored(doc.Kind, ns, doc.Name))
                {
                    throw ResourceNotFoundException.Kubernetes(doc.Kind, doc.Kind.ToLowerInvariant() + "s", doc.Name);
                }
                return Result(cluster, doc, "deleted", ns);
            default:
                throw NoMatch(doc);
        }
    }

    private static string Type(ManifestDocument doc) => doc.ApiVersion + "/" + doc.Kind;

    private static void RequireName(ManifestDocument doc)
    {
        if (doc.Problem is { } problem)
        {
            throw new ManifestException(problem, namesDocument: true);
        }
        if (doc.Name.Length == 0)
        {
            throw new ManifestException($"error when retrieving current configuration of a {doc.Kind} from \"{doc.Source}\": resource name may not be empty",
                namesDocument: true);
        }
    }

    // kubectl's "resource mapping not found" error for a kind/version the API server does not serve.
    private static ManifestException NoMatch(ManifestDocument doc)
    {
        var ns = doc.Namespace;
        return new ManifestException(
            $"resource mapping not found for name: \"{doc.Name}\" namespace: \"{ns}\" from \"{doc.Source}\": no matches for kind \"{doc.Kind}\" in version \"{doc.ApiVersion}\"\nensure CRDs are installed first",
            namesDocument: true);
    }

    private static ManifestException IpamOwned() =>
        new("IPAM blocks and affinities belong to Calico IPAM; "
            + "the simulator does not let them be written (use Import-Cluster to restore a whole cluster)");

    private static string NamespaceOf(ManifestDocument doc) => doc.Namespace.Length > 0 ? doc.Namespace : "default";

    // kubectl's resource type for each kind this applier serves, as its result lines print it.
    private static readonly Dictionary<string, string> ResourceTypes = new(StringComparer.Ordinal)
    {
        ["projectcalico.org/v3/IPPool"] = "ippool.projectcalico.org",
        ["crd.projectcalico.org/v1/IPPool"] = "ippool.crd.projectcalico.org",
        ["projectcalico.org/v3/IPReservation"] = "ipreservation.projectcalico.org",
        ["projectcalico.org/v3/IPAMConfiguration"] = "ipamconfiguration.projectcalico.org",
        ["v1/Node"] = "node",
        ["v1/Namespace"] = "namespace",
        ["v1/Pod"] = "pod",
        ["apps/v1/Deployment"] = "deployment.apps",
        ["v1/Service"] = "service",
        ["v1/ServiceAccount"] = "serviceaccount",
    };

    private static ManifestResult Result(Cluster cluster, ManifestDocument doc, string action, string ns = "") => new()
    {
        Resource = ResourceTypes[Type(doc)] + "/" + doc.Name,
        Action = action,
        Kind = doc.Kind,
        Name = doc.Name,
        Namespace = ns,
        Source = doc.Source,
        Cluster = cluster,
    };

    private static YamlMapping Spec(ManifestDocument doc) => Fields.OptionalMapping(doc.Root, "spec") ?? new YamlMapping();

    private static YamlMapping Meta(ManifestDocument doc) => Fields.OptionalMapping(doc.Root, "metadata") ?? new YamlMapping();

    // ---- Calico kinds -------------------------------------------------------------------

    private static ManifestResult ApplyPool(Cluster cluster, ManifestDocument doc, bool calicoValidation)
    {
        var spec = Spec(doc);
        var poolSpec = new IpPoolSpec
        {
            Cidr = Fields.OptionalString(spec, "cidr") ?? "",
            BlockSize = Fields.OptionalInt(spec, "blockSize") ?? 0,
            IpipMode = Fields.OptionalString(spec, "ipipMode") ?? "",
            VxlanMode = Fields.OptionalString(spec, "vxlanMode") ?? "",
            NatOutgoing = Fields.OptionalBool(spec, "natOutgoing") ?? false,
            Disabled = Fields.OptionalBool(spec, "disabled") ?? false,
            DisableBgpExport = Fields.OptionalBool(spec, "disableBGPExport") ?? false,
            NodeSelector = Fields.OptionalString(spec, "nodeSelector") ?? "",
            AllowedUses = Fields.StringList(spec, "allowedUses"),
            AssignmentMode = Fields.OptionalString(spec, "assignmentMode"),
        };
        var existing = cluster.FindPool(doc.Name);
        if (existing is null)
        {
            cluster.CreatePool(doc.Name, poolSpec, calicoValidation);
            return Result(cluster, doc, "created");
        }
        var updated = calicoValidation ? IpPoolValidator.ValidateUpdate(existing, poolSpec) : IpPoolValidator.ValidateCrd(doc.Name, poolSpec);
        if (SamePool(existing, updated))
        {
            return Result(cluster, doc, "unchanged");
        }
        cluster.UpdatePool(doc.Name, _ => poolSpec, calicoValidation);
        return Result(cluster, doc, "configured");
    }

    private static bool SamePool(IpPool a, IpPool b) =>
        a.Network == b.Network && a.BlockSize == b.BlockSize && a.IpipMode == b.IpipMode && a.VxlanMode == b.VxlanMode
        && a.NatOutgoing == b.NatOutgoing && a.Disabled == b.Disabled && a.DisableBgpExport == b.DisableBgpExport
        && a.NodeSelector == b.NodeSelector && a.AllowedUses.SequenceEqual(b.AllowedUses) && a.AssignmentMode == b.AssignmentMode;

    private static ManifestResult ApplyReservation(Cluster cluster, ManifestDocument doc)
    {
        var cidrs = Fields.StringList(Spec(doc), "reservedCIDRs");
        var existing = cluster.GetReservations().FirstOrDefault(r => r.Name == doc.Name);
        if (existing is not null && existing.ReservedCidrs.SequenceEqual(cidrs))
        {
            return Result(cluster, doc, "unchanged");
        }
        cluster.PutReservation(doc.Name, cidrs);
        return Result(cluster, doc, existing is null ? "created" : "configured");
    }

    private static void RequireDefaultIpamConfigName(ManifestDocument doc)
    {
        if (doc.Name != "default")
        {
            throw new CalicoValidationException("IPAMConfiguration", new[]
            {
                new ErroredField("Metadata.Name", doc.Name, "IPAMConfiguration name must be 'default'"),
            });
        }
    }

    private static ManifestResult ApplyIpamConfig(Cluster cluster, ManifestDocument doc)
    {
        RequireDefaultIpamConfigName(doc);
        var spec = Spec(doc);
        var current = cluster.GetIpamConfig() with { Cluster = null };
        var config = new IpamConfig
        {
            StrictAffinity = Fields.OptionalBool(spec, "strictAffinity") ?? false,
            AutoAllocateBlocks = Fields.OptionalBool(spec, "autoAllocateBlocks") ?? true,
            MaxBlocksPerHost = Fields.OptionalInt(spec, "maxBlocksPerHost") ?? 0,
        };
        if (config == current)
        {
            return Result(cluster, doc, "unchanged");
        }
        cluster.SetIpamConfig(config);
        return Result(cluster, doc, "configured");
    }

    // ---- Kubernetes kinds ---------------------------------------------------------------

    private static ManifestResult ApplyNode(Cluster cluster, ManifestDocument doc)
    {
        var metadata = Meta(doc);
        var labels = Fields.StringMap(metadata, "labels");
        var existing = cluster.FindNode(doc.Name);
        if (existing is null)
        {
            var address = NodeAddress(doc, Fields.StringMap(metadata, "annotations"));
            var role = labels.ContainsKey("node-role.kubernetes.io/control-plane") ? NodeRole.ControlPlane : NodeRole.Worker;
            cluster.CreateNode(doc.Name, address, labels, role);
            return Result(cluster, doc, "created");
        }
        var changes = Changes(existing.Labels, labels, keep: k => k.StartsWith("kubernetes.io/", StringComparison.Ordinal)
            || k.StartsWith("beta.kubernetes.io/", StringComparison.Ordinal) || k.StartsWith("node", StringComparison.Ordinal));
        if (changes.Count == 0)
        {
            return Result(cluster, doc, "unchanged");
        }
        cluster.SetNodeLabels(doc.Name, changes);
        return Result(cluster, doc, "configured");
    }

    // Calico keeps the node's address with its prefix in an annotation (KDD); a plain
    // Kubernetes Node only has the InternalIP, whose subnet Calico would autodetect from the
    // interface: a /32 stands in for it here.
    private static Cidr NodeAddress(ManifestDocument doc, IReadOnlyDictionary<string, string> annotations)
    {
        if (annotations.TryGetValue("projectcalico.org/IPv4Address", out var text) && Cidr.TryParse(text, out var cidr))
        {
            return cidr;
        }
        var status = Fields.OptionalMapping(doc.Root, "status");
        var addresses = status is null ? null : Fields.OptionalSequence(status, "addresses");
        foreach (var item in addresses?.Items ?? new List<YamlNode>())
        {
            if (item is YamlMapping address && Fields.OptionalString(address, "type") == "InternalIP"
                && IpAddress.TryParse(Fields.OptionalString(address, "address"), out var ip))
            {
                return new Cidr(ip, ip.BitLength);
            }
        }
        throw new ManifestException("no address: set the annotation projectcalico.org/IPv4Address (e.g. 10.0.0.13/24) or status.addresses with an InternalIP");
    }

    private static ManifestResult ApplyNamespace(Cluster cluster, ManifestDocument doc)
    {
        var metadata = Meta(doc);
        var labels = WithoutNameLabel(Fields.StringMap(metadata, "labels"));
        var annotations = Fields.StringMap(metadata, "annotations");
        var existing = cluster.FindNamespace(doc.Name);
        if (existing is null)
        {
            cluster.CreateNamespace(doc.Name, labels, annotations);
            return Result(cluster, doc, "created");
        }
        if (Same(existing.Labels, labels) && Same(existing.Annotations, annotations))
        {
            return Result(cluster, doc, "unchanged");
        }
        cluster.ReplaceNamespaceMetadata(doc.Name, labels, annotations);
        return Result(cluster, doc, "configured");
    }

    // The API server sets kubernetes.io/metadata.name itself; exported namespaces carry it.
    private static IReadOnlyDictionary<string, string> WithoutNameLabel(IReadOnlyDictionary<string, string> labels) =>
        Labels.WithChanges(labels, new Dictionary<string, string?> { ["kubernetes.io/metadata.name"] = null });

    private static ManifestResult ApplyPod(Cluster cluster, ManifestDocument doc)
    {
        var ns = NamespaceOf(doc);
        var metadata = Meta(doc);
        var spec = Spec(doc);
        var labels = Fields.StringMap(metadata, "labels");
        var annotations = WithoutCniAnnotations(Fields.StringMap(metadata, "annotations"));
        var existing = cluster.FindPod(ns, doc.Name);
        if (existing is null)
        {
            RequireOwnerUids(doc, metadata);
            cluster.CreatePod(new PodSpec
            {
                Namespace = ns,
                Name = doc.Name,
                Node = Fields.OptionalString(spec, "nodeName") ?? "",
                Labels = labels,
                Annotations = annotations,
                NodeSelector = Fields.StringMap(spec, "nodeSelector"),
            });
            return Result(cluster, doc, "created", ns);
        }
        if (Same(existing.Labels, labels) && Same(existing.Annotations, annotations))
        {
            return Result(cluster, doc, "unchanged", ns);
        }
        cluster.ReplacePodMetadata(ns, doc.Name, labels, annotations);
        return Result(cluster, doc, "configured", ns);
    }

    // kubectl get -o yaml of a ReplicaSet's pod names its owner with a uid; the API server
    // refuses an owner without one (ValidateOwnerReference). Refusing here also keeps an
    // exported pod from running beside the pods its Deployment makes in a new cluster.
    private static void RequireOwnerUids(ManifestDocument doc, YamlMapping metadata)
    {
        foreach (var item in Fields.OptionalSequence(metadata, "ownerReferences")?.Items ?? new List<YamlNode>())
        {
            if (item is YamlMapping owner && string.IsNullOrEmpty(Fields.OptionalString(owner, "uid")))
            {
                throw new KubernetesValidationException("Pod", doc.Name, new[]
                {
                    KubernetesFieldError.Invalid("metadata.ownerReferences.uid", "", "uid must not be empty"),
                });
            }
        }
    }

    // The CNI plugin writes these on a networked pod; an exported pod carries them back.
    private static IReadOnlyDictionary<string, string> WithoutCniAnnotations(IReadOnlyDictionary<string, string> annotations) =>
        Labels.WithChanges(annotations, new Dictionary<string, string?>
        {
            ["cni.projectcalico.org/containerID"] = null,
            ["cni.projectcalico.org/podIP"] = null,
            ["cni.projectcalico.org/podIPs"] = null,
        });

    private static ManifestResult ApplyDeployment(Cluster cluster, ManifestDocument doc)
    {
        var ns = NamespaceOf(doc);
        var spec = Spec(doc);
        var template = Fields.OptionalMapping(spec, "template") ?? new YamlMapping();
        var templateMeta = Fields.OptionalMapping(template, "metadata") ?? new YamlMapping();
        var podSpec = Fields.OptionalMapping(template, "spec") ?? new YamlMapping();
        var containers = new List<Container>();
        foreach (var item in Fields.OptionalSequence(podSpec, "containers")?.Items ?? new List<YamlNode>())
        {
            if (item is YamlMapping container)
            {
                containers.Add(new Container(Fields.OptionalString(container, "name") ?? "", Fields.OptionalString(container, "image") ?? ""));
            }
        }
        var podTemplate = new PodTemplate
        {
            Labels = Fields.StringMap(templateMeta, "labels"),
            Annotations = Fields.StringMap(templateMeta, "annotations"),
            NodeSelector = Fields.StringMap(podSpec, "nodeSelector"),
            Containers = containers,
        };
        var selectorMap = Fields.OptionalMapping(spec, "selector");
        var selector = selectorMap is null ? new SortedDictionary<string, string>() : Fields.StringMap(selectorMap, "matchLabels");
        var replicas = Fields.OptionalInt(spec, "replicas") ?? 1;
        var labels = Fields.StringMap(Meta(doc), "labels");
        var existing = cluster.FindDeployment(ns, doc.Name);
        if (existing is null)
        {
            if (selector.Count == 0)
            {
                throw new KubernetesValidationException("Deployment.apps", doc.Name, new[]
                {
                    KubernetesFieldError.Required("spec.selector", ""),
                    KubernetesFieldError.InvalidMap("spec.template.metadata.labels", podTemplate.Labels, "`selector` does not match template `labels`"),
                });
            }
            cluster.CreateDeployment(new DeploymentSpec { Namespace = ns, Name = doc.Name, Replicas = replicas, Template = podTemplate, Selector = selector, Labels = labels });
            return Result(cluster, doc, "created", ns);
        }
        // apps/v1 ValidateDeploymentUpdate: the selector cannot change (an absent one is defaulted
        // by nothing in apps/v1, so it counts as a change too).
        if (!Same(existing.Selector, selector))
        {
            throw new KubernetesValidationException("Deployment.apps", doc.Name, new[]
            {
                new KubernetesFieldError("spec.selector", "Invalid value", GoLabelSelector(selector), "field is immutable"),
            });
        }
        if (existing.Replicas == replicas && existing.Template.SameAs(podTemplate) && Same(existing.Labels, labels))
        {
            return Result(cluster, doc, "unchanged", ns);
        }
        cluster.UpdateDeployment(ns, doc.Name, d => d with { Replicas = replicas, Template = podTemplate, Labels = labels });
        return Result(cluster, doc, "configured", ns);
    }

    // A LabelSelector as Go's %#v prints it in a field error (a struct value: not a Stringer).
    private static string GoLabelSelector(IReadOnlyDictionary<string, string> matchLabels)
    {
        var map = KubernetesFieldError.InvalidMap("", matchLabels, "").Value;
        return "v1.LabelSelector{MatchLabels:" + (matchLabels.Count == 0 ? "map[string]string(nil)" : map)
            + ", MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";
    }

    private static ManifestResult ApplyStored(Cluster cluster, ManifestDocument doc)
    {
        var ns = NamespaceOf(doc);
        if (cluster.FindNamespace(ns) is null)
        {
            throw ResourceNotFoundException.Kubernetes("Namespace", "namespaces", ns);
        }
        var existed = cluster.GetStoredObjects().Any(o => o.Kind == doc.Kind && o.Namespace == ns && o.Name == doc.Name);
        var unchanged = cluster.PutStored(new StoredObject { ApiVersion = doc.ApiVersion, Kind = doc.Kind, Name = doc.Name, Namespace = ns, Root = doc.Root });
        return Result(cluster, doc, unchanged ? "unchanged" : existed ? "configured" : "created", ns);
    }

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    // The label changes that turn current into wanted, leaving alone the keys kubelet owns.
    private static IReadOnlyDictionary<string, string?> Changes(IReadOnlyDictionary<string, string> current,
        IReadOnlyDictionary<string, string> wanted, Func<string, bool> keep)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in wanted)
        {
            if (!current.TryGetValue(pair.Key, out var value) || value != pair.Value)
            {
                changes[pair.Key] = pair.Value;
            }
        }
        foreach (var key in current.Keys.Where(k => !wanted.ContainsKey(k) && !keep(k)))
        {
            changes[key] = null;
        }
        return changes;
    }
}
