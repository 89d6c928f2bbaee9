using Mediator;
using Planck.Application.Common.Authorization;
using Planck.Application.Databases.Access;

namespace Planck.Application.Databases.Queries;

/// <summary>A workspace's databases, its uploaded tables first: for members.</summary>
public sealed record ListDatabasesQuery(Guid WorkspaceId) : IQuery<DatabaseListDto>, IWorkspaceScoped;

public sealed class ListDatabasesHandler(DatabaseDirectory directory) : IQueryHandler<ListDatabasesQuery, DatabaseListDto>
{
    public async ValueTask<DatabaseListDto> Handle(ListDatabasesQuery query, CancellationToken cancellationToken)
    {
        var databases = await directory.ListAsync(query.WorkspaceId, cancellationToken);
        return new DatabaseListDto(databases.Select(d => d.ToDto()).ToList(), databases.Count);
    }
}

/// <summary>A database's tables, columns, keys and descriptions as last read: for members. Never the secret.</summary>
public sealed record GetDatabaseSchemaQuery(Guid WorkspaceId, Guid DatabaseId) : IQuery<DatabaseSchemaDto>, IDatabaseScoped;

public sealed class GetDatabaseSchemaHandler(DatabaseDirectory directory) : IQueryHandler<GetDatabaseSchemaQuery, DatabaseSchemaDto>
{
    public async ValueTask<DatabaseSchemaDto> Handle(GetDatabaseSchemaQuery query, CancellationToken cancellationToken) =>
        (await directory.GetAsync(query.WorkspaceId, query.DatabaseId, cancellationToken)).ToSchemaDto();
}
