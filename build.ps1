#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the CalicoIpam module.
.DESCRIPTION
    Tasks:
      Build    (default) compile into module/bin and generate MAML help from module/en-US.
      Test     Build, run every xunit project, then Pester in a child pwsh against the built
               module; print one final line "N passed, N failed"; exit 1 on any failure.
      Demo     A short walkthrough on the embedded lab cluster.
      Bench    The benchmark program: each figure beside a baseline from the same run.
      Package  An installable module folder (out/CalicoIpam) and a .nupkg (out/repository).
      Clean    Remove build output.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleBin = Join-Path $root 'module/bin'
$out = Join-Path $root 'out'
# Child PowerShell processes run the same pwsh as this one. It comes from the tool manifest
# (dotnet pwsh), where the process is dotnet itself, so the child is started as dotnet + pwsh.dll.
$childPwsh = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive')
$pesterVersion = '5.7.1'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'src/CalicoIpam.PowerShell/CalicoIpam.PowerShell.csproj'),
        '-c', $Configuration, '-o', $moduleBin, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    # The YAML codec and YamlDotNet go to bin/dependencies: the module loads them into a load
    # context of their own (src/CalicoIpam.PowerShell/Loading/ModuleInitializer.cs).
    Invoke-Native dotnet @('build', (Join-Path $root 'src/CalicoIpam.Yaml/CalicoIpam.Yaml.csproj'),
        '-c', $Configuration, '-o', (Join-Path $moduleBin 'dependencies'), '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    # -o also builds the referenced CalicoIpam.Core there; the module uses the one in bin.
    Get-ChildItem (Join-Path $moduleBin 'dependencies') -Filter 'CalicoIpam.Core.*' | Remove-Item
    # Help is generated in a child process: the generator imports the module, and an imported
    # binary module cannot be unloaded from this one.
    Invoke-Native dotnet ($childPwsh + @('-File', (Join-Path $root 'tools/HelpGen/New-MamlHelp.ps1'),
        '-ManifestPath', (Join-Path $root 'CalicoIpam.psd1'), '-SourcePath', (Join-Path $root 'module/en-US'),
        '-OutputPath', (Join-Path $root 'en-US')))
}

function Get-PesterModulePath {
    # Pester comes from NuGet through a restore-only project (tools/Pester.Restore.csproj).
    Invoke-Native dotnet @('restore', (Join-Path $root 'tools/Pester.Restore.csproj'), '--nologo', '-v', 'quiet')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $path = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $path)) { throw "Pester $pesterVersion was not restored to $path." }
    $path
}

function Read-TrxCounts {
    # Sums the counters of every xunit result file (VSTest's TRX format).
    param([string] $Folder)
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem $Folder -Filter *.trx -Recurse) {
        [xml] $trx = Get-Content -Raw $file.FullName
        $counters = $trx.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null

    $xunitOk = $true
    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        & dotnet test $project.FullName -c $Configuration --nologo -v quiet `
            --logger 'trx' --logger 'console;verbosity=minimal' --results-directory (Join-Path $results $project.BaseName)
        if ($LASTEXITCODE -ne 0) { $xunitOk = $false }
    }
    $xunit = Read-TrxCounts $results

    $pester = Get-PesterModulePath
    $pesterResult = Join-Path $results 'pester.json'
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pester' -RequiredVersion $pesterVersion
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $root 'tests/Pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Normal'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputFormat = 'NUnitXml'
`$config.TestResult.OutputPath = '$(Join-Path $results 'pester.xml')'
`$r = Invoke-Pester -Configuration `$config
@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } |
    ConvertTo-Json | Set-Content '$pesterResult'
"@
    & dotnet @childPwsh -Command $script
    $pesterCounts = if (Test-Path $pesterResult) { Get-Content -Raw $pesterResult | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }

    $passed = $xunit.Passed + $pesterCounts.Passed
    $failed = $xunit.Failed + $pesterCounts.Failed
    if (-not $xunitOk -and $failed -eq 0) { $failed = 1 }   # a test host that crashed counts as a failure
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Native dotnet ($childPwsh + @('-File', (Join-Path $root 'tools/Demo.ps1')))
}

function Invoke-Bench {
    Invoke-Build
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'tests/Benchmarks/CalicoIpam.Benchmarks.csproj'),
        '-c', 'Release', '--', (Join-Path $root 'CalicoIpam.psd1'))
}

function Invoke-Package {
    Invoke-Build
    $package = Join-Path $out 'CalicoIpam'
    if (Test-Path $package) { Remove-Item $package -Recurse -Force }
    New-Item -ItemType Directory -Force $package | Out-Null
    Copy-Item (Join-Path $root 'CalicoIpam.psd1'), (Join-Path $root 'README.md') $package
    $moduleOut = New-Item -ItemType Directory -Force (Join-Path $package 'module')
    Get-ChildItem (Join-Path $root 'module') -File | Copy-Item -Destination $moduleOut
    # The lab's manifests are embedded in the engine too; shipping the files lets users apply them.
    Copy-Item (Join-Path $root 'module/labs') $moduleOut -Recurse
    $binOut = New-Item -ItemType Directory -Force (Join-Path $moduleOut 'bin')
    Get-ChildItem $moduleBin -File | Where-Object Name -Like 'CalicoIpam*' | Copy-Item -Destination $binOut
    $dependenciesOut = New-Item -ItemType Directory -Force (Join-Path $binOut 'dependencies')
    Get-ChildItem (Join-Path $moduleBin 'dependencies') -File -Filter *.dll |
        Where-Object Name -In 'CalicoIpam.Yaml.dll', 'YamlDotNet.dll' | Copy-Item -Destination $dependenciesOut
    Copy-Item (Join-Path $root 'en-US') $package -Recurse

    $repository = Join-Path $out 'repository'
    New-Item -ItemType Directory -Force $repository | Out-Null
    Get-ChildItem $repository -Filter *.nupkg | Remove-Item
    $name = 'CalicoIpamLocal'
    if (Get-PSResourceRepository -Name $name -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $name }
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $package -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    Get-ChildItem $repository -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
    Write-Host "Module folder: $package"
}

function Invoke-Clean {
    foreach ($path in @($moduleBin, $out)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
    Get-ChildItem $root -Directory -Recurse -Include bin, obj |
        Where-Object FullName -NotLike "$moduleBin*" |
        Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
}
