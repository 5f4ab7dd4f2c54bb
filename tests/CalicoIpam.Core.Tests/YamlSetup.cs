using System.Runtime.CompilerServices;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.Core.Tests;

/// <summary>The engine reads YAML through a codec the host registers (the PowerShell module does
/// so when it loads); the tests register the same YamlDotNet-backed one.</summary>
internal static class YamlSetup
{
    [ModuleInitializer]
    internal static void RegisterCodec()
    {
        if (!YamlCodec.IsRegistered)
        {
            YamlCodec.Current = new CalicoIpam.Yaml.YamlDotNetCodec();
        }
    }
}
