using Mediator;
using Planck.Application.Common.Authorization;
using Planck.Domain.Identity;

namespace Planck.Application.Server.Queries.GetAdminServerInfo;

/// <summary>
/// What an Admin's screens need to know of the server's operation that nobody else should: whether the Prometheus
/// endpoint is served (to link to it). Kept out of the anonymous <c>/config</c>, which would tell a stranger where to probe.
/// </summary>
[RequireRole(Role.Admin)]
public sealed record GetAdminServerInfoQuery : IQuery<AdminServerInfoDto>;

public sealed record AdminServerInfoDto(MetricsEndpointDto Metrics);

/// <summary><paramref name="Path"/> is null when the endpoint is off.</summary>
public sealed record MetricsEndpointDto(bool Enabled, string? Path);

/// <summary>The host's metrics endpoint as the host configured it: its path, or null when Prometheus is off.</summary>
public sealed record MetricsEndpoint(string? Path);

public sealed class GetAdminServerInfoHandler(MetricsEndpoint metrics) : IQueryHandler<GetAdminServerInfoQuery, AdminServerInfoDto>
{
    public ValueTask<AdminServerInfoDto> Handle(GetAdminServerInfoQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AdminServerInfoDto(new MetricsEndpointDto(metrics.Path is not null, metrics.Path)));
}
