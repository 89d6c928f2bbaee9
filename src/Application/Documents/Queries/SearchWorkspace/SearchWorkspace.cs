using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;

namespace Planck.Application.Documents.Queries.SearchWorkspace;

/// <summary>The passages of a workspace that best answer <paramref name="Query"/>, best first.</summary>
public sealed record SearchWorkspaceQuery(Guid WorkspaceId, string Query, IReadOnlyList<Guid>? DocumentIds, int Limit = SearchWorkspaceQuery.DefaultLimit)
    : IQuery<Page<SearchResultDto>>, IWorkspaceScoped
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxQueryLength = 1000;
    public const int MaxDocumentIds = 100;
}

public sealed record SearchResultDto(Guid DocumentId, string DocumentName, string Text, int? Page, string? Sheet, double Score);

public sealed class SearchWorkspaceHandler(IApplicationDbContext db, ISearchIndex index) : IQueryHandler<SearchWorkspaceQuery, Page<SearchResultDto>>
{
    public async ValueTask<Page<SearchResultDto>> Handle(SearchWorkspaceQuery query, CancellationToken cancellationToken)
    {
        var documentIds = await DocumentRules.VisibleDocumentIdsAsync(db, query.WorkspaceId, query.DocumentIds, cancellationToken);
        var hits = await index.SearchAsync(new SearchRequest(query.WorkspaceId, query.Query.Trim(), documentIds, query.Limit), cancellationToken);
        return new Page<SearchResultDto>(
            hits.Select(h => new SearchResultDto(h.DocumentId, h.DocumentName, h.Text, h.Page, h.Sheet, h.Score)).ToList(),
            hits.Count);
    }
}

public sealed class SearchWorkspaceValidator : AbstractValidator<SearchWorkspaceQuery>
{
    public SearchWorkspaceValidator()
    {
        RuleFor(q => q.Query).Must(q => !string.IsNullOrWhiteSpace(q)).OverridePropertyName("q").WithMessage("q is required: the words to search for.");
        RuleFor(q => q.Query).MaximumLength(SearchWorkspaceQuery.MaxQueryLength).OverridePropertyName("q")
            .WithMessage($"q must be at most {SearchWorkspaceQuery.MaxQueryLength} characters.");
        RuleFor(q => q.Limit).InclusiveBetween(1, SearchWorkspaceQuery.MaxLimit)
            .WithMessage($"limit must be between 1 and {SearchWorkspaceQuery.MaxLimit}.");
        RuleFor(q => q.DocumentIds).Must(ids => ids is null || ids.Count <= SearchWorkspaceQuery.MaxDocumentIds)
            .WithMessage($"document_ids may name at most {SearchWorkspaceQuery.MaxDocumentIds} documents.");
    }
}
