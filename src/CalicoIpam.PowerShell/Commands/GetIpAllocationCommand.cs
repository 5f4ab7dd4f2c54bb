using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-IpAllocation: who holds an address (calicoctl ipam show --ip), or every
/// allocation; -Borrowed lists the borrowed ones (--show-borrowed).</summary>
[Cmdlet(VerbsCommon.Get, "IpAllocation", DefaultParameterSetName = All)]
[OutputType(typeof(IpAllocation))]
public sealed class GetIpAllocationCommand : ClusterReadCmdlet
{
    private const string All = nameof(All);
    private const string ByIp = nameof(ByIp);

    /// <summary>Addresses to look up, e.g. 10.48.0.1.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIp, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    public string[] Ip { get; set; } = new string[0];

    /// <summary>Only addresses given to a node other than the block's owner.</summary>
    [Parameter(ParameterSetName = All)]
    public SwitchParameter Borrowed { get; set; }

    /// <summary>Only addresses given to these nodes (the node attribute); wildcards allowed.</summary>
    [Parameter(ParameterSetName = All)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? Node { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByIp)
        {
            foreach (var text in Ip)
            {
                if (!IpAddress.TryParse(text, out var address))
                {
                    WriteError(ErrorRecords.InvalidArgument(ErrorIds.InvalidAddress, $"'{text}' is not an IP address.", text));
                    continue;
                }
                var allocation = TargetCluster.FindAllocation(address);
                if (allocation is null)
                {
                    // calicoctl ipam show --ip's text for a free address.
                    WriteError(new ErrorRecord(new ItemNotFoundException($"{address} is not assigned"), ErrorIds.IpNotAssigned,
                        ErrorCategory.ObjectNotFound, text));
                    continue;
                }
                WriteObject(allocation);
            }
            return;
        }
        var nodes = Node?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
        foreach (var allocation in TargetCluster.GetAllocations())
        {
            if ((!Borrowed || allocation.Borrowed) && (nodes is null || nodes.Any(p => p.IsMatch(allocation.Node))))
            {
                WriteObject(allocation);
            }
        }
    }
}
