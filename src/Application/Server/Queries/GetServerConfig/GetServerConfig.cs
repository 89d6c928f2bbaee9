using System.Reflection;
using Mediator;
using Microsoft.Extensions.Options;
using Planck.Application.Chat;
using Planck.Application.Common.Authorization;
using Planck.Application.Documents;
using Planck.Application.Identity.Commands.Login;
using Planck.Domain.Documents;

namespace Planck.Application.Server.Queries.GetServerConfig;

/// <summary>What the web app needs to know before anyone signs in. Anyone may ask, so it carries no secret.</summary>
[AllowAnonymousRequest]
public sealed record GetServerConfigQuery : IQuery<ServerConfigDto>;

/// <summary>
/// <paramref name="AcceptedTypes"/> are file name extensions with their dot (".pdf"), ready for an
/// <c>&lt;input accept&gt;</c> and for checking a name before uploading; the server still decides by content.
/// </summary>
public sealed record ServerConfigDto(string Version, long MaxUploadBytes, IReadOnlyList<string> AcceptedTypes, bool LanguageModel, int SessionHours);

public sealed class GetServerConfigHandler(IOptions<DocumentUploadOptions> uploads, IOptions<SessionOptions> sessions, IChatModel chatModel)
    : IQueryHandler<GetServerConfigQuery, ServerConfigDto>
{
    /// <summary>Every project of the solution is built together, so the Application assembly carries the server's version.</summary>
    public static readonly string Version =
        typeof(GetServerConfigHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(GetServerConfigHandler).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public ValueTask<ServerConfigDto> Handle(GetServerConfigQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ServerConfigDto(
            Version,
            uploads.Value.MaxUploadBytes,
            DocumentKinds.AcceptedExtensions,
            chatModel.IsConfigured,
            (int)Math.Round(sessions.Value.Lifetime.TotalHours)));
}
