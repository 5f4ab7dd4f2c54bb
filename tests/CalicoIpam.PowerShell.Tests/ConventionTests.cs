using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>Conventions checked by reflection over the cmdlet types the imported module
/// implements (ps-module-anchors §7.5 items 1, 3 and 4).</summary>
public sealed class ConventionTests : IClassFixture<PsSession>
{
    private static readonly string[] ChangingVerbs = { "New", "Set", "Remove", "Enable", "Disable", "Use", "Split" };

    private readonly PsSession _ps;

    public ConventionTests(PsSession ps) => _ps = ps;

    /// <summary>The module's cmdlets as the runspace imported them, with their implementing types.</summary>
    private CmdletInfo[] Cmdlets() =>
        _ps.Objects("Get-Command -Module CalicoIpam -CommandType Cmdlet").Cast<CmdletInfo>().ToArray();

    [Fact]
    public void TheModuleExportsItsCmdlets_FromTheBuiltAssembly()
    {
        var cmdlets = Cmdlets();
        var manifest = _ps.Objects("(Import-PowerShellDataFile (Join-Path (Get-Module CalicoIpam).ModuleBase 'CalicoIpam.psd1')).CmdletsToExport")
            .Cast<string>().OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(manifest, cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(cmdlets, c => Assert.Equal("CalicoIpam.PowerShell", c.ImplementingType.Assembly.GetName().Name));
    }

    [Fact]
    public void ExportedCmdlets_AreExactlyTheCmdletsCompiledIntoTheAssembly()
    {
        var cmdlets = Cmdlets();
        var compiled = cmdlets[0].ImplementingType.Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttributes(typeof(CmdletAttribute), false).Cast<CmdletAttribute>().SingleOrDefault()))
            .Where(x => x.Attribute is not null && !x.Type.IsAbstract)
            .Select(x => x.Attribute!.VerbName + "-" + x.Attribute.NounName)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(compiled, cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void EveryCmdlet_UsesAnApprovedVerb()
    {
        var approved = _ps.Objects("(Get-Verb).Verb").Cast<string>().ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Cmdlets().Where(c => !approved.Contains(c.Verb)).Select(c => c.Name));
    }

    [Fact]
    public void EveryCmdlet_DeclaresOutputType()
    {
        var missing = Cmdlets()
            .Where(c => c.ImplementingType.GetCustomAttributes(typeof(OutputTypeAttribute), true).Length == 0)
            .Select(c => c.Name);

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryStateChangingCmdlet_SupportsShouldProcess()
    {
        var changing = Cmdlets().Where(c => ChangingVerbs.Contains(c.Verb)).ToArray();
        var without = changing
            .Where(c => !((CmdletAttribute)c.ImplementingType.GetCustomAttributes(typeof(CmdletAttribute), false).Single()).SupportsShouldProcess)
            .Select(c => c.Name);

        Assert.NotEmpty(changing);
        Assert.Empty(without);
    }

    [Fact]
    public void EveryStateChangingCmdlet_OffersWhatIfAndConfirm()
    {
        var changing = Cmdlets().Where(c => ChangingVerbs.Contains(c.Verb));

        Assert.All(changing, c =>
        {
            Assert.True(c.Parameters.ContainsKey("WhatIf"), c.Name);
            Assert.True(c.Parameters.ContainsKey("Confirm"), c.Name);
        });
    }

    [Fact]
    public void EveryClusterCmdlet_TakesMinusCluster()
    {
        // ConvertTo-Manifest and Export-Manifest take objects that carry their own cluster.
        var objectsOnly = new[] { "ConvertTo-Manifest", "Export-Manifest" };
        var withoutCluster = Cmdlets()
            .Where(c => c.Noun != "Cluster" && !objectsOnly.Contains(c.Name) && !c.Parameters.ContainsKey("Cluster"))
            .Select(c => c.Name);
        var objectCmdletsWithCluster = Cmdlets().Where(c => objectsOnly.Contains(c.Name) && c.Parameters.ContainsKey("Cluster"));

        Assert.Empty(withoutCluster);
        Assert.Empty(objectCmdletsWithCluster);
        Assert.Equal(objectsOnly.Length, Cmdlets().Count(c => objectsOnly.Contains(c.Name)));
    }

    [Fact]
    public void NewAndSetCmdlets_HavePassThru()
    {
        var without = Cmdlets()
            .Where(c => (c.Verb == "New" || c.Verb == "Set") && c.Noun != "Cluster" && !c.Parameters.ContainsKey("PassThru"))
            .Select(c => c.Name);

        Assert.Empty(without);
    }
}
