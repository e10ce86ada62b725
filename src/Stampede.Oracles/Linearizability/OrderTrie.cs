using Stampede.Execution.Observations;

namespace Stampede.Oracles.Linearizability;

/// <summary>
/// The results of the orders a deterministic reference ran, as a tree of their prefixes: a call's result depends only on
/// the calls before it, so every prefix of a run order is known once the order ran, and orders that share a prefix
/// share its nodes. Bounded: past <see cref="MaxNodes"/> nothing more is added.
/// </summary>
public sealed class OrderTrie
{
    public const int MaxNodes = 200_000;

    sealed class Node
    {
        public Dictionary<CallId, Node>? Children;
        public string Result = "";
    }

    readonly Node root = new();
    int nodes;

    /// <summary>The results of <paramref name="prefix"/>, index for index, or null when no recorded order begins with it.</summary>
    public IReadOnlyList<string>? Find(IReadOnlyList<CallId> prefix)
    {
        var results = new string[prefix.Count];
        var node = root;
        for (int i = 0; i < prefix.Count; i++)
        {
            if (node.Children is null || !node.Children.TryGetValue(prefix[i], out node)) return null;
            results[i] = node.Result;
        }
        return results;
    }

    public void Add(IReadOnlyList<CallId> order, IReadOnlyList<string> results)
    {
        var node = root;
        for (int i = 0; i < order.Count; i++)
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(order[i], out var child))
            {
                if (nodes >= MaxNodes) return;
                node.Children[order[i]] = child = new Node { Result = results[i] };
                nodes++;
            }
            node = child;
        }
    }
}
