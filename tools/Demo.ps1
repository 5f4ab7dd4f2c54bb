<#
.SYNOPSIS
    A short walkthrough on the embedded lab cluster (build.ps1 Demo runs it).
.DESCRIPTION
    Follows the start of the Calico IPAM lab (2.3): look at the pools, try the pool the lab
    shows in its listing (a /17 Calico refuses), then create pool2 as the lab's manifest does.
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../CalicoIpam.psd1')

function Step([string] $Text) { Write-Host "`n# $Text" -ForegroundColor Cyan }

Step 'The lab cluster: three nodes and the two pools of lab 2.3 (calicoctl get ippools -o wide)'
$cluster = New-Cluster
$cluster | Format-Table
Get-Node | Format-Table
Get-IpPool | Format-Table

Step "The lab's listing shows pool1 as 10.48.0.0/17: Calico refuses it, one error per overlapped pool"
try {
    New-IpPool -Name pool1-ipv4-ippool -Cidr 10.48.0.0/17 -NatOutgoing -ErrorAction Stop
}
catch {
    Write-Host $_.Exception.Message -ForegroundColor Yellow
    Write-Host "ErrorId: $($_.FullyQualifiedErrorId)"
}

Step "Create pool2 as the lab's manifest does (10.48.128.0/24, blockSize 26, natOutgoing)"
New-IpPool -Name pool2-ipv4-ippool -Cidr 10.48.128.0/24 -BlockSize 26 -NatOutgoing -PassThru | Format-Table

Step 'Pools are validated on every change: cidr and blockSize cannot be modified'
Set-IpPool pool2-ipv4-ippool -BlockSize 28 -ErrorAction Continue 2>&1 | ForEach-Object { Write-Host $_ -ForegroundColor Yellow }

Step 'Node selectors use the Calico selector language'
Set-IpPool pool2-ipv4-ippool -NodeSelector "kubernetes.io/hostname == 'ip-10-0-0-12'"
Get-Node -Selector (Get-IpPool pool2-ipv4-ippool).NodeSelector | Format-Table

Step 'Remove the pool again (-WhatIf first)'
Remove-IpPool pool2-ipv4-ippool -WhatIf
Remove-IpPool pool2-ipv4-ippool
Get-IpPool | Format-Table
