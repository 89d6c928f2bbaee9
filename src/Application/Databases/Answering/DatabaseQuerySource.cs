using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Planck.Application.Chat;
using Planck.Application.Chat.Answering.Context;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Auditing;
using Planck.Application.Databases.Charts;
using Planck.Application.Databases.Engines;
using Planck.Application.Databases.Grounding;
using Planck.Application.Databases.Sql;
using Planck.Application.Databases.WorkspaceContexts;
using Planck.Domain.Databases;

namespace Planck.Application.Databases.Answering;

/// <summary>
/// A connected database (or the workspace's uploaded tables) as a context source: the model writes one SQL statement
/// from the relevant tables and the workspace's context; the server validates it, runs it read-only, lets the model
/// correct a failing statement at most twice within a time budget, and answers with a short text, the SQL, the rows and
/// a chart built by the server. Safety refusals are final and said plainly.
/// </summary>
public sealed partial class DatabaseQuerySource(
    DatabaseDirectory directory, DatabaseEngines engines, WorkspaceContextStore contexts, IChatModel model, ITokenCounter tokens,
    WorkspaceQueryLimiter limiter, AuditLog audit, ILogger<DatabaseQuerySource> logger) : IContextSource
{
    public const int MaxCorrections = 2;
    public const int SchemaBudgetCharacters = 12_000;
    private const int DescribedTables = 30;

    public async ValueTask<IReadOnlyList<ContextOffer>> OffersAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        if (context.DatabaseId is { } databaseId)
        {
            // Authorization has checked that the database is the workspace's.
            var named = await directory.GetAsync(context.WorkspaceId, databaseId, cancellationToken);
            return [Offer(named, requested: true)];
        }

        if (context.DocumentIds is not null)
        {
            // The question named documents: it is about them.
            return [];
        }

        var databases = await directory.ListAsync(context.WorkspaceId, cancellationToken);
        return databases.Where(d => d.Type != DatabaseType.Documents || d.Catalog.Tables.Count > 0).Select(d => Offer(d, requested: false)).ToList();
    }

    public async ValueTask<GatheredContext> GatherAsync(AnswerContext context, ContextOffer offer, CancellationToken cancellationToken)
    {
        var database = await directory.GetAsync(context.WorkspaceId, Guid.Parse(offer.Key, CultureInfo.InvariantCulture), cancellationToken);
        var source = new SourcesBlock([new DatabaseSourceReference(database.Id, database.Name, [])]);
        if (!model.IsConfigured)
        {
            return Answered(SchemaSummary.Markdown(database), [], null, default);
        }

        var workspaceContext = await contexts.GetAsync(context.WorkspaceId, cancellationToken);
        var hints = ContextHints.For(workspaceContext, database);
        var selection = TableSelector.Select(context.Question, database.Catalog, hints, SchemaBudgetCharacters);
        var dialect = SqlDialects.For(database.Type);
        var request = DatabasePrompts.WriteSql(
            dialect, context.Question, CompactDdl.Render(selection.Tables, hints), workspaceContext, database.Id, context.History);
        var rules = ContextHints.RulesFor(workspaceContext, database);

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(engines.Options.AnswerBudgetSeconds));
        var usage = default(TokenUsage);
        string? sql = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var (reply, cost) = await model.CompleteAsync(request, tokens, budget.Token);
                usage += cost;
                sql = ExtractSql(reply);
                var safety = ReadOnlySqlValidator.Validate(sql, dialect, new SqlRules(rules.ForbiddenColumns, []));
                if (!safety.Allowed)
                {
                    LogRefused(logger, database.Id, safety.Refusal);
                    await RecordAsync(database, sql, StatementAudit.Refusal(safety.Refusal));
                    return Answered($"This question was not answered: the query written for it was refused. {safety.Refusal}", [SqlBlock(sql)], null, usage);
                }

                var filters = ReadOnlySqlValidator.Validate(safety.Statement, dialect, new SqlRules([], rules.RequiredFilters));
                string error;
                if (!filters.Allowed)
                {
                    error = filters.Refusal ?? "A required filter is missing.";
                    await RecordAsync(database, safety.Statement, StatementAudit.Refusal(error));
                }
                else
                {
                    var outcome = await RunAsync(database, safety.Statement, budget.Token);
                    if (outcome.Result is { } result)
                    {
                        return Success(context, database, safety, result, usage);
                    }

                    if (outcome.Final is { } final)
                    {
                        return Answered(final, [SqlBlock(safety.Statement)], null, usage);
                    }

                    error = outcome.Error!;
                }

                if (attempt >= MaxCorrections)
                {
                    return Answered(
                        $"This question was not answered: the query still failed after {MaxCorrections} corrections. The database said: {error}",
                        [SqlBlock(safety.Statement)], null, usage);
                }

                request = DatabasePrompts.Retry(request, safety.Statement, error);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Answered(
                $"This question was not answered within {engines.Options.AnswerBudgetSeconds} seconds, the time an answer may spend writing and running its query.",
                sql is null ? [] : [SqlBlock(sql)], null, usage);
        }

        GatheredContext Success(AnswerContext question, WorkspaceDatabase db, SqlValidation statement, QueryResult result, TokenUsage spent)
        {
            var (table, truncated) = ResultTables.ToTableBlock(result, null);
            var blocks = new List<ContentBlock> { SqlBlock(statement.Statement), table with { Truncated = truncated } };
            var title = ChartTitle(question.Question);
            if (ChartBuilder.Build(result, title, ContextHints.ChartPreferences(workspaceContext)) is { } spec)
            {
                blocks.Add(new ChartBlock(spec, title));
            }

            var prompt = DatabasePrompts.DescribeResult(question.Question, statement.Statement, result, engines.Options.RowsForModel, question.History);
            var used = new SourcesBlock([new DatabaseSourceReference(db.Id, db.Name, statement.ReferencedTables)]);
            return new GatheredContext(prompt, Fallback(result), blocks, _ => used, spent);
        }

        GatheredContext Answered(string text, IReadOnlyList<ContentBlock> blocks, ChatModelRequest? prompt, TokenUsage spent) =>
            new(prompt, text, blocks, _ => source, spent);
    }

    private ContextOffer Offer(WorkspaceDatabase database, bool requested)
    {
        var tables = database.Catalog.Tables.Take(DescribedTables).Select(t => t.QualifiedName);
        var description = new StringBuilder();
        description.Append(DatabaseTypes.Name(database.Type)).Append(" database");
        if (!string.IsNullOrWhiteSpace(database.Description))
        {
            description.Append(" — ").Append(database.Description);
        }

        description.Append(". Tables: ").AppendJoin(", ", tables);
        if (database.Catalog.Tables.Count > DescribedTables)
        {
            description.Append(CultureInfo.InvariantCulture, $" and {database.Catalog.Tables.Count - DescribedTables} more");
        }

        return new ContextOffer(
            this, database.Id.ToString("D"), $"Database \"{database.Name}\"", description.ToString(), requested, IsDefault: false);
    }

    /// <summary>Runs the statement under the workspace's query limit; a statement error goes back to the model, anything else ends the answer.</summary>
    private async Task<QueryOutcome> RunAsync(WorkspaceDatabase database, string statement, CancellationToken cancellationToken)
    {
        using var slot = await limiter.EnterAsync(database.WorkspaceId, cancellationToken);
        if (slot is null)
        {
            return new QueryOutcome(null, null, "Too many queries are running in this workspace right now; ask again in a moment.");
        }

        var target = await directory.TargetAsync(database.WorkspaceId, database.Id, cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await engines.For(target.Type).QueryAsync(target, statement, engines.QueryLimits, cancellationToken);
            // Recorded before any row leaves the server; if it cannot be recorded, the answer fails instead.
            await RecordAsync(database, statement, StatementAudit.Ran(result));
            return new QueryOutcome(result, null, null);
        }
        catch (DatabaseEngineException failed)
        {
            await RecordAsync(database, statement, StatementAudit.Failed(failed, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
            return Failed(database, failed);
        }
    }

    private QueryOutcome Failed(WorkspaceDatabase database, DatabaseEngineException failed)
    {
        if (failed.Failure == DatabaseFailure.Statement)
        {
            var hint = UnknownNameHint.From(failed.Message, database.Catalog);
            return new QueryOutcome(null, hint is null ? failed.Message : $"{failed.Message} {hint}", null);
        }

        var said = failed.Failure switch
        {
            DatabaseFailure.Timeout => $"The query ran longer than {engines.Options.QueryTimeoutSeconds} seconds and was stopped.",
            DatabaseFailure.ReadOnlyViolation => $"The database refused the query as a write: {failed.Message}",
            _ => $"The database could not be reached: {failed.Message}",
        };
        return new QueryOutcome(null, null, "This question was not answered. " + said);
    }

    /// <summary>
    /// Writes the statement's audit entry in its own transaction (an answer has none to share). Not cancelled with the
    /// answer: a statement that ran is recorded even when the client has gone.
    /// </summary>
    private Task RecordAsync(WorkspaceDatabase database, string statement, StatementAudit outcome) =>
        audit.WriteAsync(
            new AuditEvent("database.query", database.WorkspaceId, AuditTargets.Database, database.Id, outcome with { DatabaseId = database.Id, Statement = statement }),
            CancellationToken.None);

    /// <summary>The statement in the reply's ```sql fence, or the whole reply when the model wrote no fence.</summary>
    internal static string ExtractSql(string reply)
    {
        var fenced = SqlFence().Match(reply);
        return (fenced.Success ? fenced.Groups["sql"].Value : reply).Trim();
    }

    private static string Fallback(QueryResult result) =>
        result.Rows.Count == 0
            ? "The query found no rows."
            : string.Create(CultureInfo.InvariantCulture, $"The query returned {result.Rows.Count} row{(result.Rows.Count == 1 ? "" : "s")}{(result.Truncated ? " (the first ones, up to the row limit)" : "")}.");

    private static string ChartTitle(string question) => question.Length <= 80 ? question : string.Concat(question.AsSpan(0, 79).TrimEnd(), "…");

    private static CodeBlock SqlBlock(string sql) => new("sql", sql);

    [GeneratedRegex(@"```[ \t]*(?:sql|postgresql|mysql|sqlite)?[ \t]*\r?\n(?<sql>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlFence();

    [LoggerMessage(Level = LogLevel.Information, Message = "A query written for database {DatabaseId} was refused: {Refusal}")]
    private static partial void LogRefused(ILogger logger, Guid databaseId, string? refusal);

    private sealed record QueryOutcome(QueryResult? Result, string? Error, string? Final);

    /// <summary>An audit entry's details for one statement: what ran, on which database, how many rows, how long, refused or not.</summary>
    private sealed record StatementAudit(bool Refused, string? Reason, int? Rows, bool? Truncated, double? DurationMs, string? Error)
    {
        public Guid DatabaseId { get; init; }
        public string Statement { get; init; } = "";

        public static StatementAudit Refusal(string? reason) => new(true, reason, null, null, null, null);

        public static StatementAudit Ran(QueryResult result) =>
            new(false, null, result.Rows.Count, result.Truncated, Math.Round(result.Elapsed.TotalMilliseconds, 1), null);

        public static StatementAudit Failed(DatabaseEngineException failed, TimeSpan elapsed) =>
            new(false, null, null, null, Math.Round(elapsed.TotalMilliseconds, 1), $"{failed.Failure}: {failed.Message}");
    }
}
