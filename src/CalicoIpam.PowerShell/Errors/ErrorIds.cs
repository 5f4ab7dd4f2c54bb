namespace CalicoIpam.PowerShell.Errors;

/// <summary>
/// Every ErrorId the module writes, in one place. A script can rely on them:
/// FullyQualifiedErrorId is "&lt;ErrorId&gt;,CalicoIpam.PowerShell.Commands.&lt;Class&gt;".
/// Engine failures get theirs from <see cref="ErrorRecords.FromEngine"/>, which names them
/// after the object kind: IpPoolNotFound, NodeInvalid, PodAlreadyExists, IpReservationNotFound...
/// </summary>
public static class ErrorIds
{
    public const string IpPoolNotFound = nameof(IpPoolNotFound);
    public const string IpPoolAlreadyExists = nameof(IpPoolAlreadyExists);
    public const string IpPoolInvalid = nameof(IpPoolInvalid);
    public const string IpPoolSplitFailed = nameof(IpPoolSplitFailed);
    public const string NodeNotFound = nameof(NodeNotFound);
    public const string NodeAlreadyExists = nameof(NodeAlreadyExists);
    public const string NodeInvalid = nameof(NodeInvalid);
    public const string NamespaceNotFound = nameof(NamespaceNotFound);
    public const string PodNotFound = nameof(PodNotFound);
    public const string IpReservationNotFound = nameof(IpReservationNotFound);
    public const string IpNotAssigned = nameof(IpNotAssigned);
    public const string IpamConfigInvalid = nameof(IpamConfigInvalid);
    public const string IpamRequestFailed = nameof(IpamRequestFailed);
    public const string InvalidSelector = nameof(InvalidSelector);
    public const string InvalidAddress = nameof(InvalidAddress);
    public const string NothingToSet = nameof(NothingToSet);
    public const string Forbidden = nameof(Forbidden);
    public const string ManifestInvalid = nameof(ManifestInvalid);
    public const string ManifestNotFound = nameof(ManifestNotFound);
    public const string ManifestWriteFailed = nameof(ManifestWriteFailed);
    public const string NotAResource = nameof(NotAResource);
    public const string FileExists = nameof(FileExists);
    public const string ClusterFileNotFound = nameof(ClusterFileNotFound);
    public const string ClusterFileInvalid = nameof(ClusterFileInvalid);
    public const string ClusterFileInvalidYaml = nameof(ClusterFileInvalidYaml);
    public const string ClusterFileReadFailed = nameof(ClusterFileReadFailed);
    public const string ClusterFileWriteFailed = nameof(ClusterFileWriteFailed);
}
