using System;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Selectors;

namespace CalicoIpam.PowerShell.Errors;

/// <summary>
/// Builds the ErrorRecords cmdlets write: the engine's exceptions mapped to an ErrorId and a
/// category, with the offending object as target. The message is always the engine's, which
/// is Calico's or Kubernetes' own text.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>The record for an engine exception, or null when it is not one we expect
    /// (a bug: let it surface as it is).</summary>
    public static ErrorRecord? FromEngine(Exception exception, object? target) => exception switch
    {
        CalicoValidationException e => new ErrorRecord(e, ToId(e.Kind) + "Invalid", ErrorCategory.InvalidArgument, target),
        KubernetesValidationException e => new ErrorRecord(e, e.Kind + "Invalid", ErrorCategory.InvalidArgument, target),
        ResourceAlreadyExistsException e => new ErrorRecord(e, ToId(e.Kind) + "AlreadyExists", ErrorCategory.ResourceExists, target),
        ResourceNotFoundException e => new ErrorRecord(e, ToId(e.Kind) + "NotFound", ErrorCategory.ObjectNotFound, target),
        SelectorParseException e => new ErrorRecord(e, ErrorIds.InvalidSelector, ErrorCategory.InvalidArgument, target),
        _ => null,
    };

    public static ErrorRecord PoolNotFound(string name) =>
        new(ResourceNotFoundException.Calico("IPPool", "ippools", name), ErrorIds.IpPoolNotFound, ErrorCategory.ObjectNotFound, name);

    public static ErrorRecord NodeNotFound(string name) =>
        new(ResourceNotFoundException.Kubernetes("Node", "nodes", name), ErrorIds.NodeNotFound, ErrorCategory.ObjectNotFound, name);

    public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
        new(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

    // Calico kinds are spelled IPPool; our ids follow PowerShell casing (IpPool...).
    private static string ToId(string kind) => kind == "IPPool" ? "IpPool" : kind;
}
