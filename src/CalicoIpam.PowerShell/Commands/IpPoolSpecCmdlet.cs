using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// The IPPool spec parameters New-IpPool and Set-IpPool share, and how bound ones change a
/// spec. Only parameters the user bound are applied, so Set-IpPool changes just those fields.
/// </summary>
public abstract class IpPoolSpecCmdlet : ClusterChangeCmdlet
{
    /// <summary>spec.blockSize: the prefix length of each block (IPv4 20-32, IPv6 116-128).</summary>
    [Parameter]
    public int BlockSize { get; set; }

    /// <summary>spec.ipipMode.</summary>
    [Parameter]
    public EncapsulationMode IpipMode { get; set; }

    /// <summary>spec.vxlanMode.</summary>
    [Parameter]
    public EncapsulationMode VxlanMode { get; set; }

    /// <summary>spec.natOutgoing.</summary>
    [Parameter]
    public SwitchParameter NatOutgoing { get; set; }

    /// <summary>spec.disabled.</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    /// <summary>spec.disableBGPExport.</summary>
    [Parameter]
    public SwitchParameter DisableBgpExport { get; set; }

    /// <summary>spec.nodeSelector, a Calico selector such as <c>zone == 'a'</c>.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SelectorCompleter))]
    public string? NodeSelector { get; set; }

    /// <summary>spec.allowedUses.</summary>
    [Parameter]
    public IpPoolAllowedUse[]? AllowedUse { get; set; }

    /// <summary>spec.assignmentMode.</summary>
    [Parameter]
    public AssignmentMode AssignmentMode { get; set; }

    /// <summary>Returns the pool after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The spec with every bound spec parameter applied.</summary>
    protected IpPoolSpec ApplyBoundParameters(IpPoolSpec spec)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(BlockSize)))
        {
            spec = spec with { BlockSize = BlockSize };
        }
        if (bound.ContainsKey(nameof(IpipMode)))
        {
            spec = spec with { IpipMode = IpipMode.ToString() };
        }
        if (bound.ContainsKey(nameof(VxlanMode)))
        {
            spec = spec with { VxlanMode = VxlanMode.ToString() };
        }
        if (bound.ContainsKey(nameof(NatOutgoing)))
        {
            spec = spec with { NatOutgoing = NatOutgoing.IsPresent };
        }
        if (bound.ContainsKey(nameof(Disabled)))
        {
            spec = spec with { Disabled = Disabled.IsPresent };
        }
        if (bound.ContainsKey(nameof(DisableBgpExport)))
        {
            spec = spec with { DisableBgpExport = DisableBgpExport.IsPresent };
        }
        if (bound.ContainsKey(nameof(NodeSelector)))
        {
            spec = spec with { NodeSelector = NodeSelector ?? "" };
        }
        if (bound.ContainsKey(nameof(AllowedUse)))
        {
            spec = spec with { AllowedUses = System.Array.ConvertAll(AllowedUse ?? new IpPoolAllowedUse[0], u => u.ToString()) };
        }
        if (bound.ContainsKey(nameof(AssignmentMode)))
        {
            spec = spec with { AssignmentMode = AssignmentMode.ToString() };
        }
        return spec;
    }

    /// <summary>The text -WhatIf and -Confirm show for a pool.</summary>
    protected static string Describe(string name, string cidr) => $"IPPool '{name}' ({cidr})";
}
