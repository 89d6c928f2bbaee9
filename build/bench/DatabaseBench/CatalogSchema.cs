using System.Globalization;

namespace Planck.Bench.Databases;

internal enum SchemaDialect
{
    Postgres,
    Mysql,
    Sqlite,
}

internal enum ColumnKind
{
    Identifier,
    Reference,
    WholeNumber,
    Amount,
    /// <summary>Text with a handful of values (status, region, currency): what profiling lists.</summary>
    Status,
    /// <summary>Text with a value per row (names, e-mails): what profiling must recognise as too many to list.</summary>
    Name,
    Code,
    Day,
    Moment,
    Flag,
}

/// <summary>A generated column. A reference points at <see cref="ReferencedTable"/>'s id, which runs 1..<see cref="ReferencedRows"/>.</summary>
internal sealed record SchemaColumn(
    string Name, ColumnKind Kind, bool Nullable, string? Comment, string? ReferencedTable = null, int ReferencedRows = 0, IReadOnlyList<string>? Values = null);

internal sealed record SchemaTable(string Name, int Rows, IReadOnlyList<SchemaColumn> Columns, IReadOnlyList<string> PrimaryKey, string? Comment)
{
    public bool IsJunction => PrimaryKey.Count > 1;
}

/// <summary>
/// A generated but realistic 200-table schema (ten business areas of twenty tables: chains of foreign keys inside an
/// area, links to earlier areas' roots, two junction tables per area, status-like and free text, numbers, dates) and
/// its DDL and data load per dialect. Deterministic: the same seed gives the same schema, so runs compare.
/// </summary>
internal static class CatalogSchema
{
    public const int BigTableRows = 50_000;

    private static readonly (string Area, string[] Tables)[] Areas =
    [
        ("sales", ["customers", "customer_addresses", "orders", "order_lines", "quotes", "quote_lines", "invoices", "invoice_lines", "payments",
            "credit_notes", "price_lists", "price_list_items", "discounts", "reps", "territories", "commissions", "returns", "return_lines",
            "customer_segments", "order_discounts"]),
        ("inventory", ["warehouses", "bins", "stock_movements", "products", "product_variants", "lots", "serial_numbers", "stock_counts",
            "count_lines", "transfers", "transfer_lines", "adjustments", "reorder_rules", "units_of_measure", "product_categories", "barcodes",
            "reservations", "valuations", "product_suppliers", "bin_products"]),
        ("finance", ["ledgers", "accounts", "journal_lines", "journals", "fiscal_periods", "cost_centers", "budgets", "budget_lines",
            "tax_rates", "exchange_rates", "bank_accounts", "bank_statements", "statement_lines", "reconciliations", "assets", "depreciation",
            "expense_claims", "expense_lines", "account_cost_centers", "budget_accounts"]),
        ("support", ["queues", "agents", "tickets", "ticket_comments", "slas", "sla_breaches", "knowledge_articles", "article_feedback",
            "escalations", "satisfaction_surveys", "survey_answers", "macros", "tags", "ticket_events", "shifts", "shift_assignments",
            "channels", "canned_replies", "ticket_tags", "agent_queues"]),
        ("logistics", ["carriers", "routes", "shipments", "shipment_items", "vehicles", "drivers", "stops", "tracking_events", "freight_rates",
            "customs_declarations", "packages", "pallets", "loading_slots", "delivery_windows", "fuel_logs", "maintenance_logs", "incidents",
            "depots", "route_stops", "driver_vehicles"]),
        ("hr", ["departments", "employees", "positions", "contracts", "salaries", "payroll_runs", "payslips", "leave_requests", "leave_balances",
            "trainings", "training_sessions", "reviews", "review_goals", "benefits", "benefit_enrollments", "timesheets", "timesheet_lines",
            "job_openings", "employee_skills", "session_attendees"]),
        ("purchasing", ["suppliers", "supplier_contacts", "purchase_orders", "purchase_order_lines", "requisitions", "requisition_lines",
            "receipts", "receipt_lines", "supplier_invoices", "supplier_invoice_lines", "rfqs", "rfq_lines", "supplier_ratings", "contracts",
            "contract_terms", "approvals", "buyers", "catalog_items", "rfq_suppliers", "buyer_categories"]),
        ("marketing", ["campaigns", "segments", "audiences", "emails", "email_sends", "landing_pages", "page_visits", "leads", "lead_scores",
            "events", "event_registrations", "webinars", "ad_groups", "ads", "ad_spend", "utm_links", "content_assets", "newsletters",
            "campaign_segments", "lead_events"]),
        ("manufacturing", ["plants", "work_centers", "production_orders", "operations", "routings", "routing_steps", "bills_of_materials",
            "bom_lines", "machines", "downtime_events", "quality_checks", "defects", "scrap_records", "batches", "batch_inputs",
            "tooling", "calibrations", "operators", "machine_operators", "order_batches"]),
        ("projects", ["portfolios", "projects", "tasks", "milestones", "time_entries", "resources", "allocations", "risks", "issues",
            "change_requests", "deliverables", "project_budgets", "project_costs", "status_reports", "meetings", "meeting_notes",
            "dependencies", "stakeholders", "project_stakeholders", "task_resources"]),
    ];

    // Column names by kind; a table takes each at most once.
    private static readonly Dictionary<ColumnKind, string[]> Names = new()
    {
        [ColumnKind.WholeNumber] = ["quantity", "priority", "duration_minutes", "units", "sequence_number", "headcount", "attempts", "score"],
        [ColumnKind.Amount] = ["amount", "unit_price", "cost", "balance", "tax_amount", "discount_rate", "weight_kg", "budget"],
        [ColumnKind.Name] = ["name", "title", "description", "contact_name", "email", "reference", "notes", "label"],
        [ColumnKind.Code] = ["code", "external_ref", "sku", "tracking_code"],
        [ColumnKind.Day] = ["created_on", "due_on", "valid_from", "valid_to", "closed_on", "planned_on"],
        [ColumnKind.Moment] = ["created_at", "updated_at", "recorded_at", "started_at", "ended_at"],
        [ColumnKind.Flag] = ["is_active", "is_archived", "is_verified", "is_internal"],
    };

    private static readonly (string Name, string[] Values)[] Statuses =
    [
        ("status", ["open", "pending", "approved", "closed", "cancelled"]),
        ("category", ["standard", "premium", "internal", "external"]),
        ("region", ["north", "south", "east", "west", "central"]),
        ("channel", ["web", "store", "phone", "partner"]),
        ("currency", ["EUR", "USD", "GBP", "CHF", "JPY", "SEK"]),
        ("kind", ["regular", "express", "bulk"]),
        ("tier", ["bronze", "silver", "gold", "platinum"]),
        ("stage", ["draft", "review", "published", "archived"]),
    ];

    private static readonly ColumnKind[] ExtraKinds =
        [ColumnKind.WholeNumber, ColumnKind.Amount, ColumnKind.Status, ColumnKind.Name, ColumnKind.Code, ColumnKind.Day, ColumnKind.Moment, ColumnKind.Flag];

    public static IReadOnlyList<SchemaTable> Generate()
    {
        var random = new Random(20261207);
        var tables = new List<SchemaTable>();
        var areaRoots = new List<SchemaTable>();
        for (var area = 0; area < Areas.Length; area++)
        {
            var (areaName, nouns) = Areas[area];
            var inArea = new List<SchemaTable>();
            for (var index = 0; index < nouns.Length; index++)
            {
                var name = $"{areaName}_{nouns[index]}";
                var comment = random.Next(4) == 0 ? null : $"{Words(areaName)}: {Words(nouns[index])}, one row each.";
                var table = index >= nouns.Length - 2 && inArea.Count >= 2
                    ? Junction(random, name, comment, inArea, tables.Count)
                    : Regular(random, name, comment, index, area, inArea, areaRoots, tables.Count);
                inArea.Add(table);
                tables.Add(table);
            }

            areaRoots.Add(inArea[0]);
        }

        var repeated = tables.FirstOrDefault(t => t.Columns.DistinctBy(c => c.Name).Count() != t.Columns.Count);
        return repeated is null ? tables : throw new InvalidOperationException($"The generator named two columns of {repeated.Name} alike.");
    }

    private static SchemaTable Regular(
        Random random, string name, string? comment, int index, int area, List<SchemaTable> inArea, List<SchemaTable> areaRoots, int number)
    {
        // The third table of the first five areas is their transaction table (orders, stock movements, journal lines...).
        var rows = index == 2 && area < 5 ? BigTableRows : random.Next(200, 3001);
        var columns = new List<SchemaColumn> { new("id", ColumnKind.Identifier, false, null) };
        if (inArea.Count > 0)
        {
            // Mostly a chain (each table hangs off the one before), sometimes off the area's root.
            var parent = random.Next(3) == 0 ? inArea[0] : inArea[^1];
            columns.Add(Reference(parent, nullable: false, random));
        }

        if (areaRoots.Count > 0 && random.Next(3) == 0)
        {
            columns.Add(Reference(areaRoots[random.Next(areaRoots.Count)], nullable: true, random));
        }

        var width = random.Next(5, 16);
        // Every table gets a name-like, a status-like, an amount and a date column before the random ones.
        ColumnKind[] first = [ColumnKind.Name, ColumnKind.Status, ColumnKind.Amount, ColumnKind.Day];
        for (var i = 0; columns.Count < width; i++)
        {
            var kind = i < first.Length ? first[i] : ExtraKinds[random.Next(ExtraKinds.Length)];
            if (Extra(random, kind, columns, number) is { } column)
            {
                columns.Add(column);
            }
        }

        return new SchemaTable(name, rows, columns, ["id"], comment);
    }

    private static SchemaTable Junction(Random random, string name, string? comment, List<SchemaTable> inArea, int number)
    {
        // A junction links two entity tables (a junction has no id of its own to point at).
        var entities = inArea.Where(t => !t.IsJunction).ToList();
        var left = entities[random.Next(entities.Count)];
        entities.Remove(left);
        var right = entities[random.Next(entities.Count)];
        var columns = new List<SchemaColumn> { Reference(left, nullable: false, random), Reference(right, nullable: false, random) };
        foreach (var kind in new[] { ColumnKind.Day, ColumnKind.Status, ColumnKind.Amount })
        {
            columns.Add(Extra(random, kind, columns, number)!);
        }

        // Every (left, right) pair at most once: the load walks the pairs in order.
        var rows = (int)Math.Min(random.Next(500, 3001), (long)left.Rows * right.Rows);
        return new SchemaTable(name, rows, columns, [columns[0].Name, columns[1].Name], comment);
    }

    private static SchemaColumn Reference(SchemaTable parent, bool nullable, Random random) =>
        new(Singular(parent.Name) + "_id", ColumnKind.Reference, nullable, random.Next(3) == 0 ? $"The {Words(parent.Name)} row this belongs to." : null,
            parent.Name, parent.Rows);

    private static SchemaColumn? Extra(Random random, ColumnKind kind, List<SchemaColumn> taken, int number)
    {
        var used = taken.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var nullable = random.Next(5) == 0;
        var comment = random.Next(4) == 0 ? $"{Words(kind.ToString())} of the record." : null;
        if (kind == ColumnKind.Status)
        {
            var free = Statuses.Where(s => !used.Contains(s.Name)).ToList();
            if (free.Count == 0)
            {
                return null;
            }

            var (name, values) = free[(random.Next(free.Count) + number) % free.Count];
            return new SchemaColumn(name, kind, nullable, comment, Values: values);
        }

        var names = Names[kind].Where(n => !used.Contains(n)).ToList();
        return names.Count == 0 ? null : new SchemaColumn(names[random.Next(names.Count)], kind, nullable, comment);
    }

    private static string Singular(string table)
    {
        var last = table[(table.IndexOf('_', StringComparison.Ordinal) + 1)..];
        return last.EndsWith("ies", StringComparison.Ordinal) ? last[..^3] + "y"
            : last.EndsWith("ses", StringComparison.Ordinal) || last.EndsWith("xes", StringComparison.Ordinal) ? last[..^2]
            : last.EndsWith('s') ? last[..^1] : last;
    }

    private static string Words(string name) => name.Replace('_', ' ');

    /// <summary>Creates the tables (keys and comments included) in dependency order.</summary>
    public static IEnumerable<string> CreateStatements(SchemaDialect dialect, IReadOnlyList<SchemaTable> tables)
    {
        var constraint = 0;
        foreach (var table in tables)
        {
            var lines = table.Columns.Select(c =>
                $"{Quote(dialect, c.Name)} {TypeOf(dialect, c)}{(c.Nullable ? "" : " NOT NULL")}{(dialect == SchemaDialect.Mysql && c.Comment is { } note ? " COMMENT " + Literal(note) : "")}").ToList();
            lines.Add($"PRIMARY KEY ({string.Join(", ", table.PrimaryKey.Select(c => Quote(dialect, c)))})");
            foreach (var reference in table.Columns.Where(c => c.Kind == ColumnKind.Reference))
            {
                lines.Add(Invariant($"CONSTRAINT {Quote(dialect, $"fk_{++constraint}")} FOREIGN KEY ({Quote(dialect, reference.Name)}) REFERENCES {Quote(dialect, reference.ReferencedTable!)} ({Quote(dialect, "id")})"));
            }

            var options = dialect == SchemaDialect.Mysql
                ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" + (table.Comment is { } said ? " COMMENT=" + Literal(said) : "")
                : "";
            yield return $"CREATE TABLE {Quote(dialect, table.Name)} (\n  {string.Join(",\n  ", lines)}\n){options}";
            if (dialect != SchemaDialect.Postgres)
            {
                continue;
            }

            if (table.Comment is { } comment)
            {
                yield return $"COMMENT ON TABLE {Quote(dialect, table.Name)} IS {Literal(comment)}";
            }

            foreach (var column in table.Columns.Where(c => c.Comment is not null))
            {
                yield return $"COMMENT ON COLUMN {Quote(dialect, table.Name)}.{Quote(dialect, column.Name)} IS {Literal(column.Comment!)}";
            }
        }
    }

    /// <summary>
    /// Fills every table from a temporary numbers table (1..<see cref="BigTableRows"/>) with one INSERT … SELECT each:
    /// values are arithmetic on the row number, so keys always hit a parent row and text columns have few or many values by design.
    /// </summary>
    public static IEnumerable<string> LoadStatements(SchemaDialect dialect, IReadOnlyList<SchemaTable> tables)
    {
        var highest = tables.Max(t => t.Rows);
        if (dialect == SchemaDialect.Postgres)
        {
            yield return Invariant($"CREATE TEMPORARY TABLE bench_numbers AS SELECT g AS n FROM generate_series(1, {highest}) g");
        }
        else
        {
            yield return "CREATE TEMPORARY TABLE bench_numbers (n INTEGER NOT NULL PRIMARY KEY)";
            for (var start = 1; start <= highest; start += 1000)
            {
                yield return "INSERT INTO bench_numbers (n) VALUES " +
                    string.Join(", ", Enumerable.Range(start, Math.Min(1000, highest - start + 1)).Select(n => Invariant($"({n})")));
            }
        }

        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            var values = table.Columns.Select((c, i) => ValueOf(dialect, table, c, (t * 31) + i));
            yield return Invariant($"INSERT INTO {Quote(dialect, table.Name)} ({string.Join(", ", table.Columns.Select(c => Quote(dialect, c.Name)))}) SELECT {string.Join(", ", values)} FROM bench_numbers WHERE n <= {table.Rows}");
        }

        yield return "DROP TABLE bench_numbers";
    }

    private static string ValueOf(SchemaDialect dialect, SchemaTable table, SchemaColumn column, int seed)
    {
        var value = column.Kind switch
        {
            ColumnKind.Identifier => "n",
            ColumnKind.Reference when table.IsJunction && table.Columns[0] == column => Invariant($"1 + (n - 1) % {column.ReferencedRows}"),
            ColumnKind.Reference when table.IsJunction => Invariant($"1 + {Divide(dialect, "n - 1", table.Columns[0].ReferencedRows)} % {column.ReferencedRows}"),
            ColumnKind.Reference => Invariant($"1 + (n * 7919 + {seed}) % {column.ReferencedRows}"),
            ColumnKind.WholeNumber => Invariant($"(n * 13 + {seed}) % 500"),
            ColumnKind.Amount => Invariant($"((n * 37 + {seed}) % 1000000) / 100.0"),
            ColumnKind.Status => Invariant($"CASE (n + {seed}) % {column.Values!.Count} {string.Join(" ", column.Values.Select((v, i) => Invariant($"WHEN {i} THEN {Literal(v)}")))} END"),
            ColumnKind.Name => Concat(dialect, Literal(Words(column.Name) + " "), "n"),
            ColumnKind.Code => Concat(dialect, Literal(column.Name[..2].ToUpperInvariant() + "-"), Invariant($"(n * 7 + {seed}) % 1000003")),
            ColumnKind.Day => dialect switch
            {
                SchemaDialect.Postgres => Invariant($"DATE '2023-01-01' + (n * 7 + {seed}) % 1095"),
                SchemaDialect.Mysql => Invariant($"DATE_ADD(DATE '2023-01-01', INTERVAL (n * 7 + {seed}) % 1095 DAY)"),
                _ => Invariant($"date('2023-01-01', '+' || ((n * 7 + {seed}) % 1095) || ' days')"),
            },
            ColumnKind.Moment => dialect switch
            {
                SchemaDialect.Postgres => Invariant($"TIMESTAMP '2023-01-01 00:00:00' + ((n * 97 + {seed}) % 1576800) * INTERVAL '1 minute'"),
                SchemaDialect.Mysql => Invariant($"TIMESTAMPADD(MINUTE, (n * 97 + {seed}) % 1576800, TIMESTAMP '2023-01-01 00:00:00')"),
                _ => Invariant($"datetime('2023-01-01 00:00:00', '+' || ((n * 97 + {seed}) % 1576800) || ' minutes')"),
            },
            ColumnKind.Flag => Invariant($"(n + {seed}) % 3 = 0"),
            _ => throw new InvalidOperationException($"No value for {column.Kind}."),
        };
        return column.Nullable ? Invariant($"CASE WHEN n % 11 = {seed % 11} THEN NULL ELSE {value} END") : value;
    }

    private static string TypeOf(SchemaDialect dialect, SchemaColumn column) => (dialect, column.Kind) switch
    {
        (SchemaDialect.Postgres, ColumnKind.Identifier or ColumnKind.Reference or ColumnKind.WholeNumber) => "integer",
        (SchemaDialect.Postgres, ColumnKind.Amount) => "numeric(12,2)",
        (SchemaDialect.Postgres, ColumnKind.Status) => "varchar(20)",
        (SchemaDialect.Postgres, ColumnKind.Name) => "text",
        (SchemaDialect.Postgres, ColumnKind.Code) => "varchar(40)",
        (SchemaDialect.Postgres, ColumnKind.Day) => "date",
        (SchemaDialect.Postgres, ColumnKind.Moment) => "timestamp",
        (SchemaDialect.Postgres, ColumnKind.Flag) => "boolean",
        (SchemaDialect.Mysql, ColumnKind.Identifier or ColumnKind.Reference or ColumnKind.WholeNumber) => "INT",
        (SchemaDialect.Mysql, ColumnKind.Amount) => "DECIMAL(12,2)",
        (SchemaDialect.Mysql, ColumnKind.Status) => "VARCHAR(20)",
        (SchemaDialect.Mysql, ColumnKind.Name) => "VARCHAR(200)",
        (SchemaDialect.Mysql, ColumnKind.Code) => "VARCHAR(40)",
        (SchemaDialect.Mysql, ColumnKind.Day) => "DATE",
        (SchemaDialect.Mysql, ColumnKind.Moment) => "DATETIME",
        (SchemaDialect.Mysql, ColumnKind.Flag) => "BOOLEAN",
        (_, ColumnKind.Identifier or ColumnKind.Reference or ColumnKind.WholeNumber) => "INTEGER",
        (_, ColumnKind.Amount) => "NUMERIC(12,2)",
        (_, ColumnKind.Status) => "VARCHAR(20)",
        (_, ColumnKind.Name) => "TEXT",
        (_, ColumnKind.Code) => "VARCHAR(40)",
        (_, ColumnKind.Day) => "DATE",
        (_, ColumnKind.Moment) => "TIMESTAMP",
        (_, ColumnKind.Flag) => "BOOLEAN",
        _ => throw new InvalidOperationException($"No type for {column.Kind}."),
    };

    public static string Quote(SchemaDialect dialect, string identifier) =>
        dialect == SchemaDialect.Mysql ? "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`" : "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // MySQL's || is OR and its / is decimal division; the others concatenate with || and divide integers exactly.
    private static string Concat(SchemaDialect dialect, string left, string right) =>
        dialect == SchemaDialect.Mysql ? $"CONCAT({left}, {right})" : $"{left} || ({right})";

    private static string Divide(SchemaDialect dialect, string dividend, int divisor) =>
        dialect == SchemaDialect.Mysql ? Invariant($"(({dividend}) DIV {divisor})") : Invariant($"(({dividend}) / {divisor})");

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Columns the generator made to be profiled: numbers and dates (not keys) for their range, status-like text for its values.</summary>
    public static int ProfilableColumns(IReadOnlyList<SchemaTable> tables) =>
        tables.Sum(t => t.Columns.Count(c => c.Kind is ColumnKind.WholeNumber or ColumnKind.Amount or ColumnKind.Status or ColumnKind.Day or ColumnKind.Moment));

    /// <summary>Text columns with a value per row: profiling should look and list nothing.</summary>
    public static int ManyValuedColumns(IReadOnlyList<SchemaTable> tables) =>
        tables.Sum(t => t.Columns.Count(c => c.Kind is ColumnKind.Name or ColumnKind.Code));
}
