using System.Collections.Generic;

namespace CalicoIpam.Core.Clusters;

/// <summary>A set that remembers insertion order, with O(1) add, remove and lookup: the
/// queues of pods waiting for a node or for an address, oldest first.</summary>
internal sealed class OrderedSet<T>
    where T : notnull
{
    private readonly Dictionary<T, LinkedListNode<T>> _index = new();
    private readonly LinkedList<T> _order = new();

    public int Count => _index.Count;

    public bool Add(T item)
    {
        if (_index.ContainsKey(item))
        {
            return false;
        }
        _index.Add(item, _order.AddLast(item));
        return true;
    }

    public bool Remove(T item)
    {
        if (!_index.TryGetValue(item, out var node))
        {
            return false;
        }
        _order.Remove(node);
        _index.Remove(item);
        return true;
    }

    public bool Contains(T item) => _index.ContainsKey(item);

    /// <summary>A copy, so callers may change the set while they walk it.</summary>
    public T[] Snapshot()
    {
        var items = new T[_order.Count];
        _order.CopyTo(items, 0);
        return items;
    }
}
