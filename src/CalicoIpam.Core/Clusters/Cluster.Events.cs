using System.Collections.Generic;
using System.Linq;

namespace CalicoIpam.Core.Clusters;

/// <summary>Events, as the API server keeps them: the most recent ones only.</summary>
public sealed partial class Cluster
{
    /// <summary>How many events are kept (the oldest go first, as events expire in Kubernetes).</summary>
    public const int MaxEvents = 10_000;

    private readonly Queue<ClusterEvent> _events = new();

    /// <summary>The kept events, oldest first; only one namespace's when <paramref name="ns"/> is given.</summary>
    public IReadOnlyList<ClusterEvent> GetEvents(string? ns = null)
    {
        lock (_gate)
        {
            return ns is null ? _events.ToArray() : _events.Where(e => e.Namespace == ns).ToArray();
        }
    }

    private void RecordEvent(string type, string reason, string obj, string ns, string message)
    {
        if (_events.Count == MaxEvents)
        {
            _events.Dequeue();
        }
        _events.Enqueue(new ClusterEvent { Time = Clock.Now, Type = type, Reason = reason, Object = obj, Namespace = ns, Message = message, Cluster = this });
    }
}
