using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;

namespace Planck.Application.Documents.Queries.ListDocuments;

/// <summary>A workspace's documents, newest first.</summary>
public sealed record ListDocumentsQuery(Guid WorkspaceId, int Limit = Paging.DefaultLimit, int Offset = 0)
    : IQuery<Page<DocumentDto>>, IWorkspaceScoped, IPagedRequest;

public sealed class ListDocumentsHandler(IApplicationDbContext db) : IQueryHandler<ListDocumentsQuery, Page<DocumentDto>>
{
    public async ValueTask<Page<DocumentDto>> Handle(ListDocumentsQuery query, CancellationToken cancellationToken)
    {
        var ordered = db.Documents.AsNoTracking()
            .Where(d => d.WorkspaceId == query.WorkspaceId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id);
        var page = await ordered.ToPageAsync(query, cancellationToken);
        return new Page<DocumentDto>(page.Data.Select(DocumentDto.From).ToList(), page.Count);
    }
}

public sealed class ListDocumentsValidator : AbstractValidator<ListDocumentsQuery>
{
    public ListDocumentsValidator() => this.AddPagingRules();
}
