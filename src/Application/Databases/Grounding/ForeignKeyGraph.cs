using Planck.Application.Databases.Catalog;

namespace Planck.Application.Databases.Grounding;

/// <summary>The catalog's tables (by index) joined by their foreign keys, in both directions, since a join goes either way.</summary>
internal sealed class ForeignKeyGraph
{
    private readonly IReadOnlyList<CatalogTable> _tables;
    private readonly List<int>[] _parents;
    private readonly SortedSet<int>[] _neighbours;
    private readonly int[] _referenceCounts;

    public ForeignKeyGraph(IReadOnlyList<CatalogTable> tables)
    {
        _tables = tables;
        _parents = new List<int>[tables.Count];
        _neighbours = new SortedSet<int>[tables.Count];
        _referenceCounts = new int[tables.Count];
        for (var i = 0; i < tables.Count; i++)
        {
            _parents[i] = [];
            _neighbours[i] = [];
        }

        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tables.Count; i++)
        {
            byName.TryAdd(tables[i].QualifiedName, i);
        }

        for (var i = 0; i < tables.Count; i++)
        {
            foreach (var key in tables[i].ForeignKeys)
            {
                // A key without a schema points into the referencing table's own schema, or at a bare name.
                var schema = key.ReferencedSchema ?? tables[i].Schema;
                if ((schema is not null && byName.TryGetValue($"{schema}.{key.ReferencedTable}", out var parent))
                    || byName.TryGetValue(key.ReferencedTable, out parent))
                {
                    if (parent == i || _parents[i].Contains(parent))
                    {
                        continue;
                    }

                    _parents[i].Add(parent);
                    _neighbours[i].Add(parent);
                    _neighbours[parent].Add(i);
                    _referenceCounts[parent]++;
                }
            }
        }
    }

    /// <summary>The tables <paramref name="table"/>'s foreign keys reference, in the order its keys are declared.</summary>
    public IReadOnlyList<int> Parents(int table) => _parents[table];

    public int ReferenceCount(int table) => _referenceCounts[table];

    /// <summary>
    /// Tables outside <paramref name="chosen"/> that reference two chosen tables the selection does not join yet,
    /// neither by a key nor through a chosen table between them (order_lines for orders and products), best-scored
    /// first. Only the first of several parallel junctions joins a pair: the others would say the same thing.
    /// </summary>
    public IReadOnlyList<int> Junctions(IReadOnlySet<int> chosen, double[] scores)
    {
        var selection = chosen.ToHashSet();
        var junctions = new List<int>();
        foreach (var candidate in Ranked(Enumerable.Range(0, _tables.Count).Where(i => !chosen.Contains(i)), scores))
        {
            var joined = _parents[candidate].Where(selection.Contains).ToList();
            var connects = joined.SelectMany((a, n) => joined.Skip(n + 1).Select(b => (a, b)))
                .Any(pair => !AreJoined(pair.a, pair.b, selection));
            if (connects)
            {
                junctions.Add(candidate);
                selection.Add(candidate);
            }
        }

        return junctions;
    }

    private bool AreJoined(int a, int b, HashSet<int> selection) =>
        _neighbours[a].Contains(b) || _neighbours[a].Any(between => selection.Contains(between) && _neighbours[between].Contains(b));

    /// <summary>
    /// The tables, outside <paramref name="chosen"/>, on the shortest key path (at most
    /// <see cref="TableSelector.MaxPathIntermediates"/> tables long) between two parts of the selection that no key
    /// joins yet; null when every part is joined or no such path exists. Starts from the part with the best score.
    /// </summary>
    public IReadOnlyList<int>? ShortestBridge(IReadOnlySet<int> chosen, double[] scores)
    {
        var components = Components(chosen, scores);
        if (components.Count < 2)
        {
            return null;
        }

        var componentOf = new Dictionary<int, int>();
        for (var c = 0; c < components.Count; c++)
        {
            foreach (var table in components[c])
            {
                componentOf[table] = c;
            }
        }

        List<int>? best = null;
        for (var c = 0; c < components.Count; c++)
        {
            var path = NearestOtherComponent(components[c], c, componentOf, chosen, scores);
            if (path is not null && (best is null || path.Count < best.Count))
            {
                best = path;
            }
        }

        return best;
    }

    /// <summary>Breadth-first from one part through unchosen tables until a table of another part is reached.</summary>
    private List<int>? NearestOtherComponent(
        List<int> component, int componentIndex, Dictionary<int, int> componentOf, IReadOnlySet<int> chosen, double[] scores)
    {
        var cameFrom = new Dictionary<int, int>();
        var frontier = component.ToList();
        foreach (var table in frontier)
        {
            cameFrom[table] = -1;
        }

        for (var depth = 0; depth <= TableSelector.MaxPathIntermediates; depth++)
        {
            var next = new List<int>();
            foreach (var table in frontier)
            {
                foreach (var neighbour in Ranked(_neighbours[table], scores))
                {
                    if (cameFrom.ContainsKey(neighbour))
                    {
                        continue;
                    }

                    cameFrom[neighbour] = table;
                    if (componentOf.TryGetValue(neighbour, out var other) && other != componentIndex)
                    {
                        var path = new List<int>();
                        for (var step = table; !chosen.Contains(step); step = cameFrom[step])
                        {
                            path.Add(step);
                        }

                        path.Reverse();
                        return path;
                    }

                    // Paths run only through tables outside the selection: a chosen table belongs to some part already.
                    if (!chosen.Contains(neighbour))
                    {
                        next.Add(neighbour);
                    }
                }
            }

            frontier = next;
        }

        return null;
    }

    /// <summary>The connected parts of the selection, each in selection order, the part with the best score first.</summary>
    private List<List<int>> Components(IReadOnlySet<int> chosen, double[] scores)
    {
        var seen = new HashSet<int>();
        var components = new List<List<int>>();
        foreach (var start in Ranked(chosen, scores))
        {
            if (!seen.Add(start))
            {
                continue;
            }

            var component = new List<int> { start };
            for (var n = 0; n < component.Count; n++)
            {
                foreach (var neighbour in _neighbours[component[n]])
                {
                    if (chosen.Contains(neighbour) && seen.Add(neighbour))
                    {
                        component.Add(neighbour);
                    }
                }
            }

            components.Add(component);
        }

        return components;
    }

    private IEnumerable<int> Ranked(IEnumerable<int> tables, double[] scores) =>
        tables.OrderByDescending(i => scores[i]).ThenBy(i => _tables[i].QualifiedName, StringComparer.Ordinal);
}
