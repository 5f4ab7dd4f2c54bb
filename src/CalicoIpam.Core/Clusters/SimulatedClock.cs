using System;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The cluster's own time. It moves only when the simulation says so, so the same commands on
/// the same seed give the same timestamps and ages.
/// </summary>
public sealed class SimulatedClock
{
    /// <summary>Where every cluster's clock starts: the seed lab's pool creation time.</summary>
    public static readonly DateTimeOffset Epoch = new(2022, 7, 9, 17, 44, 37, TimeSpan.Zero);

    public SimulatedClock(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; private set; }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        }
        Now += by;
    }
}
