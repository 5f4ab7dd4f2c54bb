using System;

namespace CalicoIpam.Core.Clusters;

/// <summary>A create found an object of that kind and name (libcalico-go ErrorResourceAlreadyExists,
/// or the Kubernetes API server's AlreadyExists status).</summary>
public sealed class ResourceAlreadyExistsException : InvalidOperationException
{
    public ResourceAlreadyExistsException(string kind, string name, string message)
        : base(message)
    {
        Kind = kind;
        Name = name;
    }

    public string Kind { get; }

    public string Name { get; }

    /// <summary>calicoctl's text for Calico kinds: <c>resource already exists: IPPool(name)</c>.</summary>
    public static ResourceAlreadyExistsException Calico(string kind, string name) =>
        new(kind, name, $"resource already exists: {kind}({name})");

    /// <summary>kubectl's text for Kubernetes kinds: <c>nodes "name" already exists</c>.</summary>
    public static ResourceAlreadyExistsException Kubernetes(string kind, string resource, string name) =>
        new(kind, name, $"{resource} \"{name}\" already exists");
}

/// <summary>The named object does not exist.</summary>
public sealed class ResourceNotFoundException : InvalidOperationException
{
    public ResourceNotFoundException(string kind, string name, string message)
        : base(message)
    {
        Kind = kind;
        Name = name;
    }

    public string Kind { get; }

    public string Name { get; }

    /// <summary>calicoctl's text on a Kubernetes datastore:
    /// <c>resource does not exist: IPPool(x) with error: ippools.crd.projectcalico.org "x" not found</c>.</summary>
    public static ResourceNotFoundException Calico(string kind, string crdResource, string name) =>
        new(kind, name, $"resource does not exist: {kind}({name}) with error: {crdResource}.crd.projectcalico.org \"{name}\" not found");

    /// <summary>kubectl's text: <c>nodes "x" not found</c>.</summary>
    public static ResourceNotFoundException Kubernetes(string kind, string resource, string name) =>
        new(kind, name, $"{resource} \"{name}\" not found");
}
