@{
    # The module manifest. Export lists are explicit (no wildcards): a convention test checks
    # they equal the cmdlets compiled into the assembly.
    RootModule           = 'module/bin/CalicoIpam.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6b0c5a4e-3f1d-4c2b-9f3e-8a7d2c1b0e54'
    Author               = 'CalicoIpam contributors'
    CompanyName          = 'CalicoIpam'
    Copyright            = '(c) CalicoIpam contributors. MIT licence.'
    Description          = 'A simulated Kubernetes cluster running Project Calico IP address management: IP pools, blocks, affinities and the addresses a real cluster would give, for labs, planning and Pester checks.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/CalicoIpam.Format.ps1xml')
    TypesToProcess       = @('module/CalicoIpam.Types.ps1xml')
    CmdletsToExport      = @(
        'ConvertTo-Manifest'
        'Disable-IpPool'
        'Enable-IpPool'
        'Export-Cluster'
        'Export-Manifest'
        'Get-BlockAffinity'
        'Get-Cluster'
        'Get-ClusterEvent'
        'Get-ClusterObject'
        'Get-Deployment'
        'Get-IpAllocation'
        'Get-IpamBlock'
        'Get-IpamConfig'
        'Get-IpamUtilization'
        'Get-IpPool'
        'Get-IpReservation'
        'Get-Namespace'
        'Get-Node'
        'Get-NodeRoute'
        'Get-Pod'
        'Get-PodRoute'
        'Import-Cluster'
        'Import-Manifest'
        'New-Cluster'
        'New-Deployment'
        'New-IpPool'
        'New-IpReservation'
        'New-Namespace'
        'New-Node'
        'New-Pod'
        'Remove-Deployment'
        'Remove-IpAllocation'
        'Remove-IpPool'
        'Remove-IpReservation'
        'Remove-Manifest'
        'Remove-Namespace'
        'Remove-Node'
        'Remove-Pod'
        'Restart-Deployment'
        'Set-Deployment'
        'Set-IpamConfig'
        'Set-IpPool'
        'Set-Node'
        'Set-PodAddressAnnotation'
        'Set-PodPoolAnnotation'
        'Split-IpPool'
        'Test-Ipam'
        'Use-Cluster'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Calico', 'IPAM', 'Kubernetes', 'Networking', 'Simulation', 'PSEdition_Core')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
