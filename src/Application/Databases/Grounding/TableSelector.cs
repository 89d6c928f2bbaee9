using Planck.Application.Databases.Catalog;

namespace Planck.Application.Databases.Grounding;

/// <summary>The tables chosen for a question's prompt; <see cref="WholeSchema"/> when every table fitted.</summary>
public sealed record TableSelection(IReadOnlyList<CatalogTable> Tables, bool WholeSchema);

/// <summary>
/// Chooses the tables of a catalog a question needs, when the whole schema would not fit the prompt: keyword scoring
/// against names, comments, context hints and profiled values, then closing over foreign keys so the chosen tables can
/// be joined. Deterministic: the same question, catalog and hints always give the same tables in the same order.
/// </summary>
public static class TableSelector
{
    /// <summary>A table scoring less than this share of the best table's score is not a seed.</summary>
    internal const double RelativeCutoff = 0.35;

    /// <summary>The most tables chosen by their own score; connecting tables come on top.</summary>
    internal const int MaxSeeds = 6;

    /// <summary>The most tables in a selection that is not the whole schema, parents included.</summary>
    internal const int MaxTables = 12;

    /// <summary>How far up the references parents are added: parents and grandparents.</summary>
    internal const int MaxParentLevels = 2;

    /// <summary>The most tables on a foreign-key path between two chosen tables.</summary>
    internal const int MaxPathIntermediates = 2;

    // How much a keyword found in each part of a table counts, before the weighting by rarity. Names are what people
    // say; a profiled value is strong evidence ("cancelled" is a status); prose comments mention many things in passing.
    private const double TableNameWeight = 3.0;
    private const double TableHintWeight = 3.0;
    private const double ColumnHintWeight = 2.0;
    private const double ProfiledValueWeight = 2.0;
    private const double ColumnNameWeight = 1.5;
    private const double TableDescriptionWeight = 1.0;
    private const double ColumnDescriptionWeight = 0.5;

    /// <summary>A word a foreign key column takes from the table it references; below this, a word does not count as held.</summary>
    private const double ReferenceWeight = 1.0;

    /// <summary>
    /// Added when every word of the table's name is in the question: "purchase orders" is purchase_orders, not
    /// sales_orders, and "supplier" is suppliers before supplier_contacts.
    /// </summary>
    private const double WholeNameBonus = 2.0;

    public static TableSelection Select(string question, DatabaseCatalog catalog, GroundingHints hints, int budgetCharacters)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(hints);

        var tables = catalog.Tables;
        var sizes = tables.Select(table => CompactDdl.Measure([table], hints)).ToArray();
        if (Total(Enumerable.Range(0, tables.Count), sizes) <= budgetCharacters)
        {
            return new TableSelection(tables, WholeSchema: true);
        }

        var scores = Score(question, tables, hints);
        var graph = new ForeignKeyGraph(tables);
        var seeds = Enumerable.Range(0, tables.Count)
            .Where(i => scores[i] > 0)
            .OrderByDescending(i => scores[i]).ThenBy(i => tables[i].QualifiedName, StringComparer.Ordinal)
            .ToList();
        if (seeds.Count == 0)
        {
            return new TableSelection(Fallback(tables, sizes, graph, budgetCharacters), WholeSchema: false);
        }

        var best = scores[seeds[0]];
        seeds = seeds.TakeWhile(i => scores[i] >= best * RelativeCutoff).Take(MaxSeeds).ToList();

        // Fewer seeds until the seeds and what connects them fit: the lowest-scored seed goes first, and with it the
        // tables only it needed, so a junction never leaves while both tables it joins stay.
        for (var count = seeds.Count; count > 0; count--)
        {
            var chosen = Connect(seeds.Take(count).ToList(), graph, scores);
            if ((Total(chosen, sizes) <= budgetCharacters && chosen.Count <= MaxTables) || count == 1)
            {
                // A single table larger than the budget is still given: without it the model has nothing to write SQL over.
                AddParents(chosen, graph, sizes, budgetCharacters);
                return new TableSelection(chosen.Select(i => tables[i]).ToList(), WholeSchema: false);
            }
        }

        throw new InvalidOperationException("Unreachable: a single seed is always accepted.");
    }

    /// <summary>Each table's score for the question: for every distinct keyword, its best weight in the table times its rarity.</summary>
    internal static double[] Score(string question, IReadOnlyList<CatalogTable> tables, GroundingHints hints)
    {
        var questionWords = Keywords.Of(question).Distinct(StringComparer.Ordinal).ToList();
        var indexes = tables.Select(table => Index(table, hints.For(table))).ToList();
        var scores = new double[tables.Count];
        if (questionWords.Count == 0)
        {
            return scores;
        }

        foreach (var word in questionWords)
        {
            // A word in every table ("id", "name") tells nothing; a word in one table tells a lot. Words only borrowed
            // through a foreign key are not counted, unless that is all there is.
            var holders = indexes.Count(index => index.TryGetValue(word, out var weight) && weight > ReferenceWeight);
            if (holders == 0)
            {
                holders = indexes.Count(index => index.ContainsKey(word));
            }

            if (holders == 0)
            {
                continue;
            }

            var rarity = Math.Log(1.0 + ((double)tables.Count / holders));
            for (var i = 0; i < tables.Count; i++)
            {
                if (indexes[i].TryGetValue(word, out var weight))
                {
                    scores[i] += weight * rarity;
                }
            }
        }

        var asked = questionWords.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < tables.Count; i++)
        {
            var nameWords = Keywords.Of(tables[i].Name).ToList();
            if (nameWords.Count > 0 && nameWords.All(asked.Contains))
            {
                scores[i] += WholeNameBonus;
            }
        }

        return scores;
    }

    /// <summary>Every keyword of a table with the weight of the strongest place it appears.</summary>
    private static Dictionary<string, double> Index(CatalogTable table, TableHint? hint)
    {
        var index = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string? text, double weight)
        {
            foreach (var word in Keywords.Of(text))
            {
                if (!index.TryGetValue(word, out var existing) || existing < weight)
                {
                    index[word] = weight;
                }
            }
        }

        Add(table.Name, TableNameWeight);
        Add(table.Description, TableDescriptionWeight);
        if (hint is not null)
        {
            Add(hint.BusinessName, TableHintWeight);
            foreach (var synonym in hint.Synonyms)
            {
                Add(synonym, TableHintWeight);
            }

            Add(hint.Description, TableDescriptionWeight);
        }

        foreach (var column in table.Columns)
        {
            var (own, referenced) = SplitReference(table, column);
            Add(own, ColumnNameWeight);
            Add(referenced, ReferenceWeight);
            Add(column.Description, ColumnDescriptionWeight);
            foreach (var value in column.Profile?.DistinctValues ?? [])
            {
                Add(value, ProfiledValueWeight);
            }

            if (hint?.For(column) is { } columnHint)
            {
                Add(columnHint.BusinessName, ColumnHintWeight);
                foreach (var synonym in columnHint.Synonyms)
                {
                    Add(synonym, ColumnHintWeight);
                }

                Add(columnHint.Description, ColumnDescriptionWeight);
            }
        }

        return index;
    }

    /// <summary>
    /// Splits a column's name into its own words and the words naming the table a single-column foreign key on it
    /// references (customer_id in invoices names customers). Those still link the table to the question ("debit per
    /// account" is journal_lines), but weakly, and they do not make the word look common: otherwise every table
    /// holding a customer_id would dilute the customers table's own claim to "customer".
    /// </summary>
    private static (string Own, string Referenced) SplitReference(CatalogTable table, CatalogColumn column)
    {
        var key = table.ForeignKeys.FirstOrDefault(k => k.Columns.Count == 1 && string.Equals(k.Columns[0], column.Name, StringComparison.Ordinal));
        if (key is null)
        {
            return (column.Name, "");
        }

        var parentWords = Keywords.Words(key.ReferencedTable).Concat(key.ReferencedColumns.SelectMany(Keywords.Words))
            .Select(Keywords.Stem).ToHashSet(StringComparer.Ordinal);
        var words = Keywords.Words(column.Name).ToList();
        return (string.Join(' ', words.Where(word => !parentWords.Contains(Keywords.Stem(word)))),
            string.Join(' ', words.Where(word => parentWords.Contains(Keywords.Stem(word)))));
    }

    /// <summary>
    /// The seeds, the junction tables joining two seeds that no key joins directly, and the tables on the shortest
    /// key path between parts of the selection that are still apart.
    /// </summary>
    private static List<int> Connect(List<int> seeds, ForeignKeyGraph graph, double[] scores)
    {
        var chosen = new List<int>(seeds);
        var set = seeds.ToHashSet();

        foreach (var junction in graph.Junctions(set, scores))
        {
            if (set.Add(junction))
            {
                chosen.Add(junction);
            }
        }

        while (graph.ShortestBridge(set, scores) is { } path)
        {
            foreach (var table in path.Where(set.Add))
            {
                chosen.Add(table);
            }
        }

        return chosen;
    }

    /// <summary>
    /// Tables the chosen ones reference (customers for orders), then the tables those reference (customers for the
    /// orders of returns), in the order of the tables referencing them, while budget and cap allow.
    /// </summary>
    private static void AddParents(List<int> chosen, ForeignKeyGraph graph, int[] sizes, int budgetCharacters)
    {
        var set = chosen.ToHashSet();
        var used = Total(chosen, sizes);
        IReadOnlyList<int> children = chosen.ToList();
        for (var level = 0; level < MaxParentLevels; level++)
        {
            var added = new List<int>();
            foreach (var parent in children.SelectMany(graph.Parents).Where(parent => !set.Contains(parent)).Distinct())
            {
                if (chosen.Count >= MaxTables)
                {
                    return;
                }

                var size = sizes[parent] + CompactDdl.Separator.Length;
                if (used + size <= budgetCharacters && set.Add(parent))
                {
                    chosen.Add(parent);
                    added.Add(parent);
                    used += size;
                }
            }

            children = added;
        }
    }

    /// <summary>Nothing in the question matched: the most referenced tables, the ones most questions go through.</summary>
    private static List<CatalogTable> Fallback(IReadOnlyList<CatalogTable> tables, int[] sizes, ForeignKeyGraph graph, int budgetCharacters)
    {
        var chosen = new List<int>();
        var used = 0;
        foreach (var i in Enumerable.Range(0, tables.Count)
            .OrderByDescending(graph.ReferenceCount).ThenBy(i => tables[i].QualifiedName, StringComparer.Ordinal))
        {
            if (chosen.Count >= MaxTables)
            {
                break;
            }

            var added = sizes[i] + (chosen.Count == 0 ? 0 : CompactDdl.Separator.Length);
            if (used + added <= budgetCharacters)
            {
                chosen.Add(i);
                used += added;
            }
        }

        return chosen.Select(i => tables[i]).ToList();
    }

    private static int Total(IEnumerable<int> chosen, int[] sizes)
    {
        var count = 0;
        var total = 0;
        foreach (var i in chosen)
        {
            total += sizes[i];
            count++;
        }

        return total + (Math.Max(0, count - 1) * CompactDdl.Separator.Length);
    }
}
