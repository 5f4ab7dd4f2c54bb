using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Manifests.YamlBuild;

namespace CalicoIpam.Core.Clusters;

/// <summary>kubectl apply / delete -f of manifest documents, and objects kept as applied.</summary>
public sealed partial class Cluster
{
    private readonly SortedDictionary<(string Kind, string Namespace, string Name), StoredObject> _stored = new();

    /// <summary>Services, ServiceAccounts and other objects the simulation stores without acting on.</summary>
    public IReadOnlyList<StoredObject> GetStoredObjects()
    {
        lock (_gate)
        {
            return _stored.Values.ToArray();
        }
    }

    /// <summary>kubectl apply of one document: created, configured or unchanged. Each document
    /// is all-or-nothing; an error names the document.</summary>
    public ManifestResult ApplyManifest(ManifestDocument document)
    {
        lock (_gate)
        {
            return ManifestApplier.Apply(this, document);
        }
    }

    /// <summary>kubectl delete -f of one document.</summary>
    public ManifestResult DeleteManifest(ManifestDocument document)
    {
        lock (_gate)
        {
            return ManifestApplier.Delete(this, document);
        }
    }

    /// <summary>kubectl apply -f of several documents: each on its own, in order; a refused
    /// document is an outcome with its error, and the others still apply.</summary>
    public IReadOnlyList<ManifestOutcome> ApplyManifests(IReadOnlyList<ManifestDocument> documents)
    {
        lock (_gate)
        {
            return documents.Select(d => Attempt(d, ManifestApplier.Apply)).ToArray();
        }
    }

    /// <summary>kubectl delete -f of several documents. kubectl issues every delete before a
    /// namespace finishes terminating, so the objects in a namespace the same input deletes are
    /// deleted (not "not found"): namespaces go last. Outcomes keep the documents' order.</summary>
    public IReadOnlyList<ManifestOutcome> DeleteManifests(IReadOnlyList<ManifestDocument> documents)
    {
        lock (_gate)
        {
            var outcomes = new ManifestOutcome[documents.Count];
            var order = Enumerable.Range(0, documents.Count).OrderBy(i => IsNamespace(documents[i]) ? 1 : 0);
            foreach (var i in order)
            {
                outcomes[i] = Attempt(documents[i], ManifestApplier.Delete);
            }
            return outcomes;
        }
    }

    private static bool IsNamespace(ManifestDocument document) => document.ApiVersion == "v1" && document.Kind == "Namespace";

    // The refusals the engine gives for a document; anything else is a bug and propagates.
    private ManifestOutcome Attempt(ManifestDocument document, Func<Cluster, ManifestDocument, ManifestResult> act)
    {
        try
        {
            return new ManifestOutcome(document, act(this, document), null);
        }
        catch (Exception e) when (e is ManifestException or CalicoValidationException or KubernetesValidationException
            or InvalidOperationException or FormatException)
        {
            return new ManifestOutcome(document, null, e);
        }
    }

    internal bool PutStored(StoredObject value)
    {
        var key = (value.Kind, value.Namespace, value.Name);
        var unchanged = _stored.TryGetValue(key, out var old) && YamlCodec.Current.Emit(SortKeys(old.Root)) == YamlCodec.Current.Emit(SortKeys(value.Root));
        if (!unchanged)
        {
            _stored[key] = value with { Cluster = this };
            Tick();
        }
        return unchanged;
    }

    internal bool RemoveStored(string kind, string ns, string name) => _stored.Remove((kind, ns, name));

    // A namespace's stored objects go with it.
    private void RemoveStoredIn(string ns)
    {
        foreach (var key in _stored.Keys.Where(k => k.Namespace == ns).ToList())
        {
            _stored.Remove(key);
        }
    }

    /// <summary>An IPAM block as its crd.projectcalico.org/v1 IPAMBlock resource.</summary>
    public YamlMapping BlockResource(Cidr cidr)
    {
        lock (_gate)
        {
            var block = _ipam.FindBlock(cidr) ?? throw new ResourceNotFoundException("IPAMBlock", Ipam.BlockNames.ForBlock(cidr),
                $"ipamblocks.crd.projectcalico.org \"{Ipam.BlockNames.ForBlock(cidr)}\" not found");
            var allocations = new YamlSequence();
            var sequences = new YamlMapping();
            for (var ordinal = 0; ordinal < block.Capacity; ordinal++)
            {
                allocations.Items.Add(block.AttributeIndexOf(ordinal) is { } index ? Num(index) : Null());
                if (block.SequenceNumberForAllocation(ordinal) is { } sequence)
                {
                    sequences.Add(ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), Num(sequence));
                }
            }
            var attributes = Seq(block.Attributes.Select(a =>
            {
                var attribute = new YamlMapping();
                attribute.Add("handle_id", a.HandleId is null ? Null() : Str(a.HandleId));
                attribute.Add("secondary", StringMap(a.ActiveOwnerAttrs));
                return (YamlNode)attribute;
            }));
            var spec = new YamlMapping()
                .Add("affinity", block.Affinity is null ? Null() : Str(block.Affinity))
                .Add("allocations", allocations)
                .Add("attributes", attributes)
                .Add("cidr", Str(block.Cidr.ToString()))
                .Add("deleted", Bool(false))
                .Add("sequenceNumber", Num(block.SequenceNumber))
                .Add("sequenceNumberForAllocation", sequences)
                .Add("strictAffinity", Bool(false))
                .Add("unallocated", Seq(block.Unallocated.ToArray().Select(o => (YamlNode)Num(o))));
            if (block.AffinityClaimTime is { } claimed)
            {
                spec.Add("affinityClaimTime", Time(claimed));
            }
            return (YamlMapping)SortKeys(new YamlMapping()
                .Add("apiVersion", Str("crd.projectcalico.org/v1"))
                .Add("kind", Str("IPAMBlock"))
                .Add("metadata", new YamlMapping().Add("name", Str(Ipam.BlockNames.ForBlock(block.Cidr))))
                .Add("spec", spec));
        }
    }
}
