<#
.SYNOPSIS
    A short walkthrough on the embedded lab cluster (build.ps1 Demo runs it).
.DESCRIPTION
    Follows the Calico IPAM lab (2.3): look at the pools, try the /17 pool the lab's listing
    shows (Calico refuses it), create pool2 from the lab's manifest, move database and summary
    to it by annotating their templates, recreate the customer pod, then look at IPAM and at a
    node's routes.
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../CalicoIpam.psd1')

function Step([string] $Text) { Write-Host "`n# $Text" -ForegroundColor Cyan }

Step 'The lab cluster: three nodes, yaobank and nginx running, and the pools of lab 2.3'
New-Cluster | Out-Null
Get-Node | Format-Table
Get-IpPool | Format-Table
Get-Pod | Format-Table

Step "The lab's listing shows pool1 as 10.48.0.0/17: Calico refuses it, one error per overlapped pool"
try {
    New-IpPool -Name pool1-ipv4-ippool -Cidr 10.48.0.0/17 -NatOutgoing -ErrorAction Stop
}
catch {
    Write-Host $_.Exception.Message -ForegroundColor Yellow
}

Step "Create pool2 from the lab's manifest (kubectl apply -f -)"
@'
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: pool2-ipv4-ippool
spec:
  blockSize: 26
  cidr: 10.48.128.0/24
  ipipMode: Never
  natOutgoing: true
  nodeSelector: all()
'@ | Import-Manifest | Format-Table

Step 'Annotate the database and summary templates with pool2: each rolls out to new pods in pool2'
Set-PodPoolAnnotation -Pool pool2-ipv4-ippool -Deployment database, summary -Namespace yaobank
Get-Pod -Name customer* -Namespace yaobank | Remove-Pod
Get-Pod -Namespace yaobank | Format-Table

Step 'IPAM: blocks per node, utilization as calicoctl ipam show --show-blocks, and ipam check'
Get-IpamBlock | Format-Table
Get-IpamUtilization -ShowBlocks | Format-Table
Test-Ipam | Format-Table

Step "ip route on the node running customer"
$node = (Get-Pod -Name customer* -Namespace yaobank).Node
Get-NodeRoute -Node $node
