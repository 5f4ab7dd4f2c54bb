#Requires -Version 7.4
# Checks the help Get-Help shows for every exported cmdlet, in a fresh process: Get-Help caches
# help per session, so only a new pwsh sees the MAML the build just generated. The child dumps
# what Get-Help returns as JSON once per file; the tests below assert on that dump.

BeforeDiscovery {
    # The manifest's list, not the loaded module's: a cmdlet the manifest names but the module
    # fails to export must still get (failing) tests.
    $manifestPath = Join-Path $PSScriptRoot '../../CalicoIpam.psd1'
    $cmdletNames = @((Import-PowerShellDataFile -LiteralPath $manifestPath).CmdletsToExport)
}

BeforeAll {
    $manifestPath = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../CalicoIpam.psd1')).ProviderPath
    $module = Import-Module -Name $manifestPath -PassThru -Force
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-PwshCommand {
        # The command line that starts this same PowerShell. Under `dotnet pwsh` (a local tool)
        # the process is dotnet itself, which needs pwsh.dll as its first argument.
        $process = (Get-Process -Id $PID).Path
        if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'pwsh') { return , @($process) }
        , @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }

    function Get-CmdletParameterFact {
        # The non-common parameters of a loaded cmdlet and whether each is mandatory. A parameter
        # counts as mandatory when it is mandatory in every parameter set it belongs to: the rule
        # tools/HelpGen/New-MamlHelp.ps1 uses for help's "Required?".
        param([string] $Name)

        foreach ($parameter in (Get-Command -Name $Name -Module $module.Name).Parameters.Values) {
            if ($commonParameters.Contains($parameter.Name)) { continue }
            [pscustomobject]@{
                Name      = $parameter.Name
                Mandatory = -not ($parameter.ParameterSets.Values | Where-Object { -not $_.IsMandatory })
            }
        }
    }

    $childScript = {
        param([string] $ManifestPath, [string] $OutFile)
        $ErrorActionPreference = 'Stop'
        $module = Import-Module -Name $ManifestPath -PassThru

        # Text of maml:para lists as Get-Help returns them (objects with a Text property).
        function Join-HelpText($Para) { (@($Para | Where-Object { $_ } | ForEach-Object Text) -join "`n").Trim() }

        $commands = foreach ($name in $module.ExportedCmdlets.Keys) {
            try {
                $help = Get-Help -Name $name -Full
                [ordered]@{
                    Name        = $name
                    Error       = $null
                    Synopsis    = "$($help.Synopsis)".Trim()
                    Syntax      = (Get-Command -Name $name -Module $module.Name -Syntax | Out-String).Trim()
                    Description = Join-HelpText $help.description
                    Examples    = @($help.examples.example | Where-Object { $_ } | ForEach-Object {
                            [ordered]@{ Title = "$($_.title)"; Code = "$($_.code)".Trim(); Remarks = Join-HelpText $_.remarks }
                        })
                    Parameters  = @($help.parameters.parameter | Where-Object { $_ } | ForEach-Object {
                            [ordered]@{ Name = "$($_.name)"; Required = "$($_.required)"; Description = Join-HelpText $_.description }
                        })
                }
            }
            catch {
                [ordered]@{ Name = $name; Error = "$_" }
            }
        }
        # Each view on its own, so one missing topic fails its own test, not every test.
        $examplesView = try { Get-Help -Name New-IpPool -Examples | Out-String -Width 200 } catch { "$_" }
        $about = try { Get-Help -Name about_CalicoIpam } catch { "$_" }
        [ordered]@{
            Commands      = @($commands)
            NewIpPoolView = $examplesView
            AboutCategory = "$($about.PSObject.Properties['Category'].Value)"
            AboutText     = $about | Out-String -Width 200
        } | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $OutFile -Encoding utf8
    }

    $scriptFile = Join-Path $TestDrive 'Get-HelpFacts.ps1'
    $factsFile = Join-Path $TestDrive 'help-facts.json'
    Set-Content -LiteralPath $scriptFile -Value $childScript.ToString() -Encoding utf8
    $pwsh = Get-PwshCommand
    $pwshArguments = @($pwsh | Select-Object -Skip 1)
    $childOutput = & $pwsh[0] @pwshArguments -NoProfile -NonInteractive -File $scriptFile -ManifestPath $manifestPath -OutFile $factsFile 2>&1
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $factsFile)) {
        throw "The child pwsh that reads help failed (exit code $LASTEXITCODE): $($childOutput -join "`n")"
    }
    $facts = Get-Content -LiteralPath $factsFile -Raw | ConvertFrom-Json
}

Describe 'Help of <_>' -ForEach $cmdletNames {
    BeforeAll {
        $name = $_
        $help = $facts.Commands | Where-Object Name -EQ $name
        $parameters = @(Get-CmdletParameterFact -Name $name)
    }

    It 'has help that Get-Help can read' {
        $help | Should -Not -BeNullOrEmpty -Because "the module should export $name"
        $help.Error | Should -BeNullOrEmpty
    }

    It 'ships its MAML file where Get-Help looks for it, with the exact file name' {
        $command = Get-Command -Name $name -Module $module.Name
        Join-Path $module.ModuleBase "en-US/$($command.HelpFile)" | Should -Exist
    }

    It 'has a real synopsis, not the syntax Get-Help makes up without a help file' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        ($help.Synopsis -replace '\s+', ' ') | Should -Not -Be ($help.Syntax -replace '\s+', ' ')
        $help.Synopsis | Should -Not -Match ('^{0}\s+[\[\-<]' -f [regex]::Escape($name))
    }

    It 'has a description' {
        $help.Description | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example, each with code and remarks' {
        @($help.Examples).Count | Should -BeGreaterThan 0
        foreach ($example in $help.Examples) {
            $example.Code | Should -Not -BeNullOrEmpty -Because "'$($example.Title)' needs code"
            $example.Remarks | Should -Not -BeNullOrEmpty -Because "'$($example.Title)' needs remarks"
        }
    }

    It 'describes every parameter' {
        foreach ($parameter in $parameters) {
            $documented = $help.Parameters | Where-Object Name -EQ $parameter.Name
            $documented.Description | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'documents exactly the parameters the cmdlet has' {
        $documented = @($help.Parameters | ForEach-Object Name)
        $actual = @($parameters | ForEach-Object Name)
        @($actual | Where-Object { $_ -notin $documented }) | Should -BeNullOrEmpty -Because 'every parameter needs help'
        @($documented | Where-Object { $_ -notin $actual }) | Should -BeNullOrEmpty -Because 'help should not document parameters the cmdlet lacks'
    }

    It 'says a parameter is required exactly when the cmdlet makes it mandatory' {
        foreach ($parameter in $parameters) {
            $documented = $help.Parameters | Where-Object Name -EQ $parameter.Name
            $documented.Required | Should -Be "$($parameter.Mandatory)".ToLowerInvariant() -Because "-$($parameter.Name) is mandatory: $($parameter.Mandatory)"
        }
    }
}

Describe 'Get-Help views' {
    It 'Get-Help New-IpPool -Examples shows the examples' {
        $facts.NewIpPoolView | Should -Match 'Example 1'
        $facts.NewIpPoolView | Should -Match 'New-IpPool -Name'
    }

    It 'Get-Help about_CalicoIpam shows the about topic' {
        $facts.AboutCategory | Should -Be 'HelpFile'
        $facts.AboutText | Should -Match 'about_CalicoIpam'
        $facts.AboutText | Should -Match 'SHORT DESCRIPTION'
    }
}
