using System;
using System.Diagnostics;
using System.Globalization;

namespace CalicoIpam.Benchmarks;

/// <summary>
/// A small timing harness: runs a body in rounds and keeps the fastest round's per-operation
/// time (the least disturbed by the rest of the machine). Figures are only ever printed beside
/// a baseline measured the same way in the same run, so they compare across machines.
/// </summary>
internal static class Harness
{
    private const int Rounds = 7;

    /// <summary>Nanoseconds per operation of <paramref name="body"/>, which performs
    /// <paramref name="operations"/> operations per call.</summary>
    public static double NanosecondsPerOperation(int operations, Action body, Action? setup = null)
    {
        setup?.Invoke();
        body(); // warm-up: JIT, caches
        var best = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            setup?.Invoke();
            var watch = Stopwatch.StartNew();
            body();
            watch.Stop();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds * 1e6 / operations);
        }
        return best;
    }

    public static void Report(string figure, double value, string baselineName, double baseline, string unit = "ns/op")
    {
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0,-44} {1,12:N1} {2}   baseline {3}: {4:N1} {2}   ratio {5:N2}",
            figure, value, unit, baselineName, baseline, value / baseline));
    }
}
