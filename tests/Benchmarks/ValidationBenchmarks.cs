using System;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Benchmarks;

/// <summary>Validating a pool (Calico's full create checks against 100 existing pools) beside
/// just parsing its CIDR.</summary>
internal static class ValidationBenchmarks
{
    public static void Run()
    {
        const int operations = 20_000;
        var existing = new IpPool[100];
        for (var i = 0; i < existing.Length; i++)
        {
            existing[i] = IpPoolValidator.ValidateCreate($"pool-{i:D3}", new IpPoolSpec { Cidr = $"10.{i}.0.0/16" }, Array.Empty<IpPool>());
        }
        var spec = new IpPoolSpec { Cidr = "172.16.0.0/16", NodeSelector = "zone == 'a' && !has(edge)" };

        var parse = Harness.NanosecondsPerOperation(operations, () =>
        {
            for (var i = 0; i < operations; i++)
            {
                Cidr.Parse(spec.Cidr);
            }
        });
        var validate = Harness.NanosecondsPerOperation(operations, () =>
        {
            for (var i = 0; i < operations; i++)
            {
                IpPoolValidator.ValidateCreate("new-pool", spec, existing);
            }
        });
        Harness.Report("validate a pool (100 existing pools)", validate, "parse its CIDR", parse);
    }
}
