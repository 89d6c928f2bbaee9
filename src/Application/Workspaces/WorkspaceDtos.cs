namespace Planck.Application.Workspaces;

public sealed record WorkspaceDto(Guid Id, string Name, string Description, DateTimeOffset CreatedAt);

public sealed record DatabaseSummaryDto(Guid Id, string Name, string Type);

public sealed record WorkspaceDetailDto(
    Guid Id,
    string Name,
    string Description,
    DateTimeOffset CreatedAt,
    int DocumentCount,
    int MemberCount,
    IReadOnlyList<DatabaseSummaryDto> Databases);

public sealed record MemberDto(Guid UserId, string Email, string FullName, string Role, bool IsActive, DateTimeOffset AddedAt);
