using System;
using System.IO;

namespace CalicoIpam.Benchmarks;

/// <summary>`build.ps1 Bench`: every figure beside a baseline measured in the same run.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: CalicoIpam.Benchmarks <path to CalicoIpam.psd1 of a built module>");
            return 2;
        }
        CalicoIpam.Core.Manifests.YamlCodec.Current = new CalicoIpam.Yaml.YamlDotNetCodec();
        Console.WriteLine("CalicoIpam benchmarks (fastest of 7 rounds; each figure beside a baseline from this run)");
        ValidationBenchmarks.Run();
        AllocationBenchmarks.Run();
        WorkloadBenchmarks.Run();
        CmdletBenchmarks.Run(args[0]);
        RouteBenchmarks.Run(args[0]);
        return 0;
    }
}
