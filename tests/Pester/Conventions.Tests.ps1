#Requires -Version 7.4
# Conventions a PowerShell user expects of every exported cmdlet, and of the manifest that
# exports them (ps-module-anchors.md §7.5). PSScriptAnalyzer's manifest and naming rules do not
# apply to compiled cmdlets, so they are re-created here over the cmdlet types themselves.

BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '../../CalicoIpam.psd1'
    # Verbs that only read or convert; any other verb changes state and needs ShouldProcess.
    $readOnlyVerbs = 'Get', 'Test', 'ConvertTo'
    $cmdlets = foreach ($name in (Import-PowerShellDataFile -LiteralPath $manifestPath).CmdletsToExport) {
        @{ Name = $name; ChangesState = ($name -split '-', 2)[0] -notin $readOnlyVerbs }
    }
    $exportLists = 'CmdletsToExport', 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport'
}

BeforeAll {
    $manifestPath = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../CalicoIpam.psd1')).ProviderPath
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    $module = Import-Module -Name $manifestPath -PassThru -Force
    # Reflection over the compiled assembly, not Get-Command: it sees every [Cmdlet] type,
    # exported or not, and reads attributes even of a cmdlet whose parameters PowerShell rejects.
    $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $manifestPath) $manifest.RootModule))
    $cmdletTypes = @{}
    foreach ($type in $assembly.GetExportedTypes()) {
        $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
        if ($attribute) { $cmdletTypes["$($attribute.VerbName)-$($attribute.NounName)"] = $type }
    }
}

Describe 'Cmdlet <Name>' -ForEach $cmdlets {
    BeforeAll {
        $verb, $noun = $Name -split '-', 2
        $type = $cmdletTypes[$Name]
        $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
    }

    It 'is a public [Cmdlet] type in the assembly' {
        $type | Should -Not -BeNullOrEmpty -Because "the manifest exports $Name"
    }

    It 'uses an approved verb' {
        $verb | Should -BeIn (Get-Verb).Verb
    }

    It 'uses a PascalCase noun' {
        $noun | Should -MatchExactly '^[A-Z][A-Za-z0-9]*$'
        $noun | Should -MatchExactly '[a-z]' -Because 'an all-capitals noun is not PascalCase'
    }

    It 'uses a singular noun' {
        # PSUseSingularNouns' idea with a plain rule: the last word of the noun may end in "s"
        # only as singular words do (Address, Status, Alias, Chaos, Analysis).
        $lastWord = [regex]::Matches($noun, '[A-Z][a-z0-9]*')[-1].Value
        ($lastWord -cmatch 's$' -and $lastWord -cnotmatch '(ss|us|is|as|os)$') | Should -BeFalse -Because "$noun reads as a plural"
    }

    It 'declares [OutputType]' {
        $type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) | Should -Not -BeNullOrEmpty
    }

    if ($ChangesState) {
        It 'supports ShouldProcess (-WhatIf and -Confirm), as it changes state' {
            $attribute.SupportsShouldProcess | Should -BeTrue
        }
    }
}

Describe 'Module manifest' {
    It 'exports exactly the [Cmdlet] types compiled into the assembly' {
        $listed = @($manifest.CmdletsToExport)
        $compiled = @($cmdletTypes.Keys)
        @($compiled | Where-Object { $_ -cnotin $listed }) | Should -BeNullOrEmpty -Because 'every compiled cmdlet should be in CmdletsToExport'
        @($listed | Where-Object { $_ -cnotin $compiled }) | Should -BeNullOrEmpty -Because 'CmdletsToExport should name only compiled cmdlets, spelled exactly'
    }

    It 'makes the module export exactly the cmdlets it lists' {
        # Joined, because Should -Be does not compare two arrays element by element.
        (@($module.ExportedCmdlets.Keys | Sort-Object) -join ', ') | Should -BeExactly (@($manifest.CmdletsToExport | Sort-Object) -join ', ')
    }

    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'has an explicit <_> without wildcards' -ForEach $exportLists {
        $manifest.ContainsKey($_) | Should -BeTrue -Because "a manifest without $_ exports everything"
        @($manifest[$_] | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) }) | Should -BeNullOrEmpty
    }
}
