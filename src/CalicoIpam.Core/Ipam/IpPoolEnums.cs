namespace CalicoIpam.Core.Ipam;

/// <summary>ipipMode / vxlanMode values. Calico spells them exactly so (case-sensitive).</summary>
public enum EncapsulationMode
{
    Never,
    Always,
    CrossSubnet,
}

/// <summary>allowedUses entries. LoadBalancer exists from Calico v3.30.</summary>
public enum IpPoolAllowedUse
{
    Workload,
    Tunnel,
    LoadBalancer,
}

/// <summary>assignmentMode (Calico v3.30+): Manual pools are used only when asked for by name.</summary>
public enum AssignmentMode
{
    Automatic,
    Manual,
}
