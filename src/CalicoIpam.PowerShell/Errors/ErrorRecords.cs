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
        KubernetesValidationException e => new ErrorRecord(e, ToId(e.Kind) + "Invalid", ErrorCategory.InvalidArgument, target),
        ResourceAlreadyExistsException e => new ErrorRecord(e, ToId(e.Kind) + "AlreadyExists", ErrorCategory.ResourceExists, target),
        ResourceNotFoundException e => new ErrorRecord(e, ToId(e.Kind) + "NotFound", ErrorCategory.ObjectNotFound, target),
        SelectorParseException e => new ErrorRecord(e, ErrorIds.InvalidSelector, ErrorCategory.InvalidArgument, target),
        IpamException e => new ErrorRecord(e, IdFor(e.Error), CategoryFor(e.Error), target),
        KubernetesForbiddenException e => new ErrorRecord(e, ErrorIds.Forbidden, ErrorCategory.PermissionDenied, target),
        _ => null,
    };

    public static ErrorRecord PoolNotFound(string name) => NotFound(ResourceNotFoundException.Calico("IPPool", "ippools", name), name);

    public static ErrorRecord ReservationNotFound(string name) =>
        NotFound(ResourceNotFoundException.Calico("IPReservation", "ipreservations", name), name);

    public static ErrorRecord NodeNotFound(string name) => NotFound(ResourceNotFoundException.Kubernetes("Node", "nodes", name), name);

    public static ErrorRecord NamespaceNotFound(string name) =>
        NotFound(ResourceNotFoundException.Kubernetes("Namespace", "namespaces", name), name);

    public static ErrorRecord PodNotFound(string name) => NotFound(ResourceNotFoundException.Kubernetes("Pod", "pods", name), name);

    public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
        new(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

    private static ErrorRecord NotFound(ResourceNotFoundException e, string name) => FromEngine(e, name)!;

    // Calico kinds are spelled IPPool, IPReservation; our ids follow PowerShell casing and drop
    // an API group (Deployment.apps -> Deployment).
    private static string ToId(string kind)
    {
        var dot = kind.IndexOf('.');
        if (dot > 0)
        {
            kind = kind.Substring(0, dot);
        }
        return kind switch
        {
            "IPAMConfiguration" => "IpamConfig",
            _ when kind.StartsWith("IPAM", StringComparison.Ordinal) => "Ipam" + kind.Substring(4),
            _ when kind.StartsWith("IP", StringComparison.Ordinal) => "Ip" + kind.Substring(2),
            _ => kind,
        };
    }

    private static string IdFor(IpamError error) => error switch
    {
        IpamError.NotAssigned => ErrorIds.IpNotAssigned,
        IpamError.PoolNotFound => ErrorIds.IpPoolNotFound,
        IpamError.InvalidConfig => ErrorIds.IpamConfigInvalid,
        IpamError.InvalidRequest => ErrorIds.IpPoolSplitFailed,
        _ => ErrorIds.IpamRequestFailed,
    };

    private static ErrorCategory CategoryFor(IpamError error) => error switch
    {
        IpamError.NotAssigned or IpamError.PoolNotFound => ErrorCategory.ObjectNotFound,
        IpamError.AlreadyAssigned => ErrorCategory.ResourceExists,
        IpamError.BlockLimit => ErrorCategory.LimitsExceeded,
        IpamError.InvalidConfig or IpamError.InvalidRequest or IpamError.InvalidPoolReference => ErrorCategory.InvalidArgument,
        _ => ErrorCategory.InvalidOperation,
    };
}
