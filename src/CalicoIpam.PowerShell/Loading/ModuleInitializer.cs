using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.PowerShell.Loading;

/// <summary>
/// Runs when the module is imported: loads the YAML codec (CalicoIpam.Yaml and YamlDotNet, in
/// bin/dependencies) into an AssemblyLoadContext of its own and hands it to the engine. Other
/// modules ship YamlDotNet too (powershell-yaml, platyPS...); in its own context ours can be
/// any version without "Assembly with same name is already loaded" either way round.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        if (YamlCodec.IsRegistered)
        {
            return;
        }
        var folder = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "dependencies");
        var context = new DependencyLoadContext(folder);
        var assembly = context.LoadFromAssemblyName(new AssemblyName("CalicoIpam.Yaml"));
        var codecType = assembly.GetType("CalicoIpam.Yaml.YamlDotNetCodec", throwOnError: true)!;
        YamlCodec.Current = (IYamlCodec)Activator.CreateInstance(codecType)!;
    }

    /// <summary>Loads the module's private dependencies from its folder; everything else
    /// (CalicoIpam.Core, the framework) comes from the default context, so types are shared.</summary>
    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public DependencyLoadContext(string folder)
            : base("CalicoIpam.Dependencies")
        {
            _folder = folder;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return assemblyName.Name is "CalicoIpam.Yaml" or "YamlDotNet" && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
