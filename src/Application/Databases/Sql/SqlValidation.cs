namespace Planck.Application.Databases.Sql;

/// <summary>
/// The verdict on one statement. <see cref="Refusal"/> is one plain sentence for the end user when it is not allowed.
/// <see cref="Statement"/> is what to run: the SQL from its first to its last token, so without the one optional trailing
/// semicolon and the whitespace and comments around it. <see cref="ReferencedTables"/> are the tables read after FROM and
/// JOIN (<c>schema.name</c> or <c>name</c>, unquoted, the statement's own common table expressions left out).
/// </summary>
public sealed record SqlValidation(bool Allowed, string? Refusal, string Statement, IReadOnlyList<string> ReferencedTables)
{
    internal static SqlValidation Refused(string refusal, string statement, IReadOnlyList<string>? referencedTables = null) =>
        new(false, refusal, statement, referencedTables ?? []);
}

/// <summary>
/// A database's own rules over what its queries may read. <see cref="ForbiddenColumns"/> are <c>table.column</c> (or
/// <c>schema.table.column</c>); <see cref="RequiredFilters"/> are conditions such as <c>orders.deleted_at IS NULL</c> that
/// a query reading the table must contain. They keep the model's queries inside what the owner intends; they are not row
/// or column security (a query can still OR around a filter), which belongs in the database's own views and grants.
/// </summary>
public sealed record SqlRules(IReadOnlyList<string> ForbiddenColumns, IReadOnlyList<string> RequiredFilters)
{
    public static SqlRules None { get; } = new([], []);
}
